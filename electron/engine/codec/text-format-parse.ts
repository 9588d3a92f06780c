import protobuf from 'protobufjs';
import { fail, FerryFailure } from '../../../shared/errors';
import { addValue, zeroOf } from './message-tree-decode';
import { encodeMessageTree } from './message-tree-encode';
import { emptyTree, extensionName, fieldKind, isMessageKind, mapKeyKind, messageTypeOf, protoNameOf, utf8Encode, type FieldKind, type FieldValue, type MapEntry, type MessageTree, type ScalarValue } from './message-tree';
import { typeName } from './well-known';
import { TextLexer, syntaxError, type Token } from './text-format-lexer';
import { parseTextScalar } from './text-format-values';

export interface TextParseOptions {
  /** Named in errors, for input read from a file. */
  file?: string;
}

const CLOSING: Readonly<Record<string, string>> = { '{': '}', '<': '>' };
const MAX_DEPTH = 100;

function describe(token: Token): string {
  return token.kind === 'eof' ? 'end of input' : `"${token.text}"`;
}

class TextParser {
  private readonly lexer: TextLexer;
  private path = '';

  constructor(text: string, private readonly file: string | undefined) {
    this.lexer = new TextLexer(text);
  }

  parse(type: protobuf.Type): MessageTree {
    try {
      const tree = emptyTree(type);
      this.fields(tree, undefined, '', 0);
      return tree;
    } catch (reason) {
      const problem = reason instanceof FerryFailure ? reason.error : undefined;
      const { line, column, expected } = problem?.details ?? {};
      if (!problem || line === undefined || column === undefined) throw reason;
      const field = this.path ? `${this.path}: ` : '';
      return fail('BAD_INPUT', `invalid text format at line ${line}, column ${column}: ${field}${problem.message}`, {
        line,
        column,
        ...(this.path && { fieldPath: this.path }),
        ...(expected && { expected }),
        ...(this.file !== undefined && { file: this.file }),
      });
    }
  }

  private error(token: Token, message: string, expected?: string): never {
    syntaxError(message, token.line, token.column, expected);
  }

  private expect(symbol: string, what = `'${symbol}'`): Token {
    const token = this.lexer.next();
    if (token.kind !== 'symbol' || token.text !== symbol) this.error(token, `expected ${what} but found ${describe(token)}`, what);
    return token;
  }

  private eatSymbol(symbol: string): boolean {
    const token = this.lexer.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) return false;
    this.lexer.next();
    return true;
  }

  private fields(tree: MessageTree, close: string | undefined, path: string, depth: number): void {
    if (depth > MAX_DEPTH) this.error(this.lexer.peek(), 'messages nested too deeply', `at most ${MAX_DEPTH} levels`);
    for (;;) {
      this.path = path;
      const token = this.lexer.peek();
      if (close && token.kind === 'symbol' && token.text === close) return void this.lexer.next();
      if (token.kind === 'eof') {
        if (close) this.error(token, `expected '${close}' but found end of input`, `'${close}'`);
        return;
      }
      this.field(tree, path, depth);
      if (!this.eatSymbol(',')) this.eatSymbol(';');
    }
  }

  private fieldByName(tree: MessageTree, token: Token): protobuf.FieldBase {
    const { type } = tree;
    if (token.kind === 'bracket') {
      const extension = type.fieldsArray.find((f) => extensionName(f) === token.text);
      return extension ?? this.error(token, `${typeName(type)} has no extension "${token.text}"`, 'an extension of this message in the schema');
    }
    if (token.kind !== 'ident') this.error(token, `expected a field name but found ${describe(token)}`, 'a field name');
    const field = type.fieldsArray.find((f) => !extensionName(f) && (protoNameOf(f) === token.text || f.name === token.text)) ??
      type.fieldsArray.find((f) => fieldKind(f) === 'group' && messageTypeOf(f).name === token.text);
    if (field) return field;
    const names = type.fieldsArray.filter((f) => !extensionName(f)).map((f) => (fieldKind(f) === 'group' ? messageTypeOf(f).name : protoNameOf(f)));
    return this.error(token, `unknown field "${token.text}" in ${typeName(type)}`, names.length ? `one of its fields: ${names.join(', ')}` : 'no fields (the message is empty)');
  }

  /** A field name, `[pkg.ext]` or `[type.googleapis.com/pkg.Msg]` (the brackets' content comes back as a 'bracket' token). */
  private fieldName(): Token {
    const token = this.lexer.next();
    if (token.kind !== 'symbol' || token.text !== '[') return token;
    const name = this.lexer.bracketName();
    this.expect(']');
    return { ...name, kind: 'bracket' };
  }

  private field(tree: MessageTree, path: string, depth: number): void {
    const token = this.fieldName();
    if (token.kind === 'bracket' && token.text.includes('/') && typeName(tree.type) === 'google.protobuf.Any') return this.anyBody(tree, token, path, depth);
    const field = this.fieldByName(tree, token);
    const label = extensionName(field) ? `[${extensionName(field)}]` : protoNameOf(field);
    const base = path ? `${path}.${label}` : label;
    this.checkSingle(tree, field, token, label);
    const kind = fieldKind(field);
    if (field instanceof protobuf.MapField) return this.values(tree, field, base, (at) => this.mapEntry(field, at, depth));
    if (isMessageKind(kind)) {
      this.eatSymbol(':');
      return this.values(tree, field, base, (at) => this.messageBlock(messageTypeOf(field), at, depth));
    }
    this.expect(':', `':' after the field name "${label}"`);
    this.values(tree, field, base, (at) => this.scalar(field, kind, at));
  }

  private checkSingle(tree: MessageTree, field: protobuf.FieldBase, token: Token, label: string): void {
    if (field.repeated || field.map) return;
    if (tree.fields.has(field.id)) this.error(token, `field "${label}" is set more than once`, 'a non-repeated field at most once');
    const sibling = field.partOf?.fieldsArray.find((other) => other !== field && tree.fields.has(other.id));
    if (sibling) this.error(token, `field "${label}" and field "${protoNameOf(sibling)}" are both set, but they belong to the same oneof "${field.partOf!.name}"`, 'one member of a oneof');
  }

  /** A value, or a `[a, b]` list of values (repeated fields), each added to the tree with its own path. */
  private values(tree: MessageTree, field: protobuf.FieldBase, base: string, read: (path: string) => FieldValue): void {
    const indexed = () => (field.repeated || field.map ? `${base}[${tree.fields.get(field.id)?.values.length ?? 0}]` : base);
    if (!this.eatSymbol('[')) return addValue(tree, field, read(indexed()));
    if (this.eatSymbol(']')) return;
    for (;;) {
      addValue(tree, field, read(indexed()));
      if (this.eatSymbol(']')) return;
      this.expect(',', "',' or ']'");
    }
  }

  private messageBlock(type: protobuf.Type, path: string, depth: number): MessageTree {
    this.path = path;
    const open = this.lexer.next();
    const close = open.kind === 'symbol' ? CLOSING[open.text] : undefined;
    if (!close) this.error(open, `expected '{' or '<' to start ${typeName(type)} but found ${describe(open)}`, "'{' or '<'");
    const tree = emptyTree(type);
    this.fields(tree, close, path, depth + 1);
    return tree;
  }

  private scalar(field: protobuf.FieldBase, kind: FieldKind, path: string): ScalarValue {
    this.path = path;
    return parseTextScalar(this.lexer, field, kind);
  }

  private mapEntry(field: protobuf.MapField, path: string, depth: number): MapEntry {
    this.path = path;
    this.eatSymbol(':');
    const open = this.lexer.next();
    const close = open.kind === 'symbol' ? CLOSING[open.text] : undefined;
    if (!close) this.error(open, `expected '{' or '<' to start a map entry but found ${describe(open)}`, "'{' or '<'");
    const entry: MapEntry = { key: zeroOf(mapKeyKind(field)), value: undefined };
    const valueKind = fieldKind(field);
    while (!this.eatSymbol(close)) {
      const name = this.lexer.next();
      if (name.kind === 'ident' && name.text === 'key') {
        this.expect(':', "':' after key");
        entry.key = this.scalar(field, mapKeyKind(field), `${path}.key`);
      } else if (name.kind === 'ident' && name.text === 'value') {
        if (isMessageKind(valueKind)) {
          this.eatSymbol(':');
          entry.value = this.messageBlock(messageTypeOf(field), `${path}.value`, depth);
        } else {
          this.expect(':', "':' after value");
          entry.value = this.scalar(field, valueKind, `${path}.value`);
        }
      } else this.error(name, `expected "key", "value" or '${close}' in a map entry but found ${describe(name)}`, '"key" or "value"');
      this.path = path;
      if (!this.eatSymbol(',')) this.eatSymbol(';');
    }
    return entry;
  }

  /** `[type.googleapis.com/pkg.Msg] { … }`: the body is parsed as pkg.Msg and stored as the Any's bytes. */
  private anyBody(tree: MessageTree, name: Token, path: string, depth: number): void {
    const typeName = name.text.slice(name.text.lastIndexOf('/') + 1);
    const inner = tree.type.root.lookup(`.${typeName}`);
    if (!(inner instanceof protobuf.Type)) this.error(name, `the Any names type ${typeName}, which is not in the schema`, 'a message type in the schema');
    if (tree.fields.size > 0) this.error(name, 'an Any holds one message: its expanded form cannot be combined with type_url or value', 'one expanded message');
    this.eatSymbol(':');
    const body = this.messageBlock(inner, path ? `${path}.[${name.text}]` : `[${name.text}]`, depth);
    addValue(tree, tree.type.fields.type_url!, utf8Encode(name.text));
    addValue(tree, tree.type.fields.value!, encodeMessageTree(body));
  }
}

/**
 * Protobuf text format → a message tree. Accepts what protoc and grpcurl print and read: `{}` or `<>`
 * blocks, `[a, b]` lists, `,`/`;` separators, `#` comments, groups by type name, `[pkg.ext]` extensions and
 * the expanded Any form. Errors name line, column and field path.
 */
export function parseTextFormat(type: protobuf.Type, text: string, options: TextParseOptions = {}): MessageTree {
  return new TextParser(text, options.file).parse(type);
}

