import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../../shared/model';
import { filterServices, fuzzyScore } from './filter-services';

const method = (service: string, name: string) => ({ name, fullName: `${service}.${name}`, path: `/${service}/${name}`, kind: 'unary' as const, requestType: 'R', responseType: 'R' });
const services: ServiceSummary[] = [
  { name: 'Greeter', fullName: 'demo.Greeter', methods: [method('demo.Greeter', 'SayHello'), method('demo.Greeter', 'SayGoodbye')] },
  { name: 'Orders', fullName: 'shop.Orders', methods: [method('shop.Orders', 'ListOrders'), method('shop.Orders', 'GetOrder')] },
];

describe('fuzzyScore', () => {
  it('matches subsequences case-insensitively and rejects the rest', () => {
    expect(fuzzyScore('sh', 'SayHello')).toBeDefined();
    expect(fuzzyScore('hs', 'SayHello')).toBeUndefined();
  });

  it('prefers word starts and consecutive runs', () => {
    expect(fuzzyScore('go', 'GetOrder')!).toBeGreaterThan(fuzzyScore('go', 'SayGoodbye')!);
    expect(fuzzyScore('order', 'ListOrders')!).toBeGreaterThan(fuzzyScore('order', 'GetOwnerDetailsRecord') ?? 0);
  });
});

describe('filterServices', () => {
  it('returns everything for an empty query', () => {
    expect(filterServices(services, '  ')).toHaveLength(2);
  });

  it('keeps only services with matching methods, best match first', () => {
    const result = filterServices(services, 'getord');
    expect(result.map((r) => r.service.name)).toEqual(['Orders']);
    expect(result[0]?.methods.map((m) => m.name)).toEqual(['GetOrder']);
  });

  it('matches Service/Method across the separator and full names', () => {
    expect(filterServices(services, 'greeter/bye')[0]?.methods.map((m) => m.name)).toEqual(['SayGoodbye']);
    expect(filterServices(services, 'shop.')[0]?.service.name).toBe('Orders');
  });
});
