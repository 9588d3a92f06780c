import type { ServiceSummary } from '../../../shared/model';
import type { UnitBatch } from './cache-entry-merge';
import { unitBatch } from './cached-schema';
import { emptyReads, type CacheReads } from './cache-reads';
import { parseInputs, type ParsedInputs } from './load-proto-files';
import { recordingPackageOptions, type PackageOption } from './package-options';

/** One part of a load split over threads: some of its input files (located), parsed with their imports. */
export interface PartJob {
  files: string[];
  importPaths: string[];
}

/** What a part gives the load: its batch of units, the services among them, and what it read. */
export interface PartOutcome {
  batch: UnitBatch;
  services: ServiceSummary[];
  reads: CacheReads;
}

export interface ParsedPart extends ParsedInputs {
  reads: CacheReads;
  /** What each file parsed set on its package, in the order parsed. */
  packageOptions: PackageOption[];
}

/** Parses a part's files and their imports, noting what it reads for the cache. Throws as a load would. */
export function parsePart(job: PartJob, onParsed?: () => void): ParsedPart {
  const reads = emptyReads(true);
  const { result, options } = recordingPackageOptions(() => parseInputs(job.files, job.importPaths, reads, onParsed));
  return { ...result, reads, packageOptions: options };
}

/**
 * A parsed part's batch: the units of the files it parsed that no earlier part did (`excluded`), and the
 * built-ins too when it is the first part (`excluded` undefined), since one parse of all the files would
 * read the earlier parts' files first and the built-ins are the same in every part.
 */
export function partOutcome(part: ParsedPart, excluded: ReadonlySet<string> | undefined): PartOutcome {
  const owns = excluded && ((file: string | null) => file !== null && part.parsed.has(file) && !excluded.has(file));
  const batch = unitBatch(part.registry.root, owns);
  if (owns) batch.packageOptions = part.packageOptions.filter(([file]) => owns(file));
  const names = new Set(batch.owned.map((unit) => batch.names[unit]));
  return { batch, services: part.registry.listServices().filter((service) => names.has(service.fullName)), reads: part.reads };
}
