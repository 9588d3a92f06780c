import protobuf from 'protobufjs';
import { editDistance } from '../../../shared/util/edit-distance';
import { packageOf, topLevelOf } from './export-file-names';

/**
 * `; did you mean pkg.Order?` for a type reference nothing defines: the types (and, for a field, enums) whose
 * own name is the reference's last part or a small typo of it, nearest first, those of the package using it
 * first, up to three; '' when none is near. A distance of 0 counts: the reference may name the right type under
 * a wrong package (`acme.commons.Money` for `acme.common.Money`).
 */
export function typeSuggestions(root: protobuf.Root, reference: string, usedIn: protobuf.ReflectionObject, enums: boolean): string {
  const wanted = reference.slice(reference.lastIndexOf('.') + 1).toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 4));
  const home = packageOf(topLevelOf(usedIn));
  const near: Array<{ name: string; score: number; home: boolean }> = [];
  for (const type of typesIn(root, enums)) {
    // No edit distance is below the difference in length: googleapis has ~50,000 types to compare.
    if (Math.abs(type.name.length - wanted.length) > limit) continue;
    const score = editDistance(wanted, type.name.toLowerCase());
    if (score <= limit) near.push({ name: type.fullName.slice(1), score, home: packageOf(topLevelOf(type)) === home });
  }
  near.sort((a, b) => a.score - b.score || Number(b.home) - Number(a.home) || (a.name < b.name ? -1 : 1));
  return near.length === 0 ? '' : `; did you mean ${near.slice(0, 3).map((candidate) => candidate.name).join(', ')}?`;
}

function* typesIn(namespace: protobuf.NamespaceBase, enums: boolean): Generator<protobuf.Type | protobuf.Enum> {
  for (const item of namespace.nestedArray) {
    if (item instanceof protobuf.Type || (enums && item instanceof protobuf.Enum)) yield item;
    if (item instanceof protobuf.Namespace) yield* typesIn(item, enums);
  }
}
