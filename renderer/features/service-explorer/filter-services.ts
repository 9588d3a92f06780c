import type { MethodSummary, ServiceSummary } from '../../../shared/model';

/**
 * Fuzzy subsequence score: every query character must appear in order. Consecutive runs and matches at
 * word starts (after `.`, `/`, `_` or a lower→upper case change) score higher. Undefined when no match.
 */
export function fuzzyScore(query: string, text: string): number | undefined {
  const q = query.toLowerCase();
  if (q === '') return 0;
  const lower = text.toLowerCase();
  let score = 0;
  let run = 0;
  let from = 0;
  for (const ch of q) {
    const at = lower.indexOf(ch, from);
    if (at === -1) return undefined;
    const prev = text[at - 1];
    const boundary = at === 0 || prev === '.' || prev === '/' || prev === '_' || (prev !== undefined && prev === prev.toLowerCase() && text[at] !== lower[at]);
    run = at === from && from > 0 ? run + 1 : 0;
    score += 1 + run * 2 + (boundary ? 3 : 0);
    from = at + 1;
  }
  return score;
}

export interface FilteredService {
  service: ServiceSummary;
  methods: MethodSummary[];
}

/** Services with the methods that match `query` (against `Service/Method` and the full name), best first. */
export function filterServices(services: readonly ServiceSummary[], query: string): FilteredService[] {
  const q = query.trim().replace(/\s+/g, '');
  if (q === '') return services.map((service) => ({ service, methods: service.methods }));
  const scored: Array<FilteredService & { best: number }> = [];
  for (const service of services) {
    const methods: Array<{ method: MethodSummary; score: number }> = [];
    for (const method of service.methods) {
      const score = Math.max(fuzzyScore(q, `${service.name}/${method.name}`) ?? -1, fuzzyScore(q, method.fullName) ?? -1);
      if (score >= 0) methods.push({ method, score });
    }
    if (methods.length === 0) continue;
    methods.sort((a, b) => b.score - a.score);
    scored.push({ service, methods: methods.map((m) => m.method), best: methods[0]?.score ?? 0 });
  }
  return scored.sort((a, b) => b.best - a.best).map(({ service, methods }) => ({ service, methods }));
}
