import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../../shared/model';
import { filterServices, fuzzyScore } from './filter-services';

const method = (service: string, name: string) => ({ name, fullName: `${service}.${name}`, path: `/${service}/${name}`, kind: 'unary' as const, requestType: 'R', responseType: 'R' });
const services: ServiceSummary[] = [
  { name: 'Greeter', fullName: 'demo.Greeter', methods: [method('demo.Greeter', 'SayHello'), method('demo.Greeter', 'SayGoodbye')] },
  { name: 'Orders', fullName: 'shop.Orders', methods: [method('shop.Orders', 'ListOrders'), method('shop.Orders', 'GetOrder')] },
];

describe('fuzzyScore', () => {
  // One point per matched character, three more at a word start, two more per character continuing a run.
  it('scores word starts: S and H of SayHello', () => {
    expect(fuzzyScore('sh', 'SayHello')).toBe(4 + 4);
    expect(fuzzyScore('SH', 'sayhello')).toBe(4 + 1);
  });

  it('scores a run: s-a-y in a row', () => {
    expect(fuzzyScore('say', 'SayHello')).toBe(4 + 3 + 5);
  });

  it('rejects characters out of order and answers 0 for an empty query', () => {
    expect(fuzzyScore('hs', 'SayHello')).toBeUndefined();
    expect(fuzzyScore('x', 'SayHello')).toBeUndefined();
    expect(fuzzyScore('', 'SayHello')).toBe(0);
  });

  it('prefers word starts and consecutive runs', () => {
    expect(fuzzyScore('go', 'GetOrder')).toBe(8);
    expect(fuzzyScore('go', 'SayGoodbye')).toBe(7);
    expect(fuzzyScore('order', 'ListOrders')).toBe(28);
    expect(fuzzyScore('order', 'GetOwnerDetailsRecord')).toBe(20);
  });
});

describe('filterServices', () => {
  it('returns every service with all its methods for an empty query', () => {
    expect(filterServices(services, '  ')).toEqual(services.map((service) => ({ service, methods: service.methods })));
  });

  it('keeps only services with matching methods, best match first', () => {
    expect(filterServices(services, 'getord')).toEqual([{ service: services[1], methods: [services[1]!.methods[1]] }]);
    expect(filterServices(services, 'say').map((r) => [r.service.name, r.methods.map((m) => m.name)])).toEqual([['Greeter', ['SayHello', 'SayGoodbye']]]);
  });

  it('matches Service/Method across the separator and full names, ignoring spaces', () => {
    expect(filterServices(services, 'greeter/bye').map((r) => r.methods.map((m) => m.name))).toEqual([['SayGoodbye']]);
    expect(filterServices(services, 'shop.').map((r) => r.service.name)).toEqual(['Orders']);
    expect(filterServices(services, 'get order').map((r) => r.methods.map((m) => m.name))).toEqual([['GetOrder']]);
    expect(filterServices(services, 'zzz')).toEqual([]);
  });

  it('ranks the service with the better best match first', () => {
    expect(filterServices(services, 'o').map((r) => r.service.name)).toEqual(['Orders', 'Greeter']);
  });
});
