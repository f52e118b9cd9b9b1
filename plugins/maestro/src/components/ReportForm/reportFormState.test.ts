import { REPORT_KINDS } from '../../__testUtils__/reportFixtures';
import { draftToFilter, filterToDraft, valueInputFor } from './filterDrafts';
import { filterRowProblems } from './reportFormState';

const field = (path: string) => REPORT_KINDS[0].fields.find(f => f.path === path);

describe('report form state', () => {
  it("finds the filter rows a 400 names, for a single report and for a pivot's hop", () => {
    const problems = [
      { field: 'name', message: 'is required' },
      { field: 'filters[2].value', message: 'must be a number' },
      { field: 'hops[1].filters[0].op', message: "must be one of 'eq'" },
      { field: 'hops[1].filters[3]', message: 'is not an object' },
    ];
    expect(filterRowProblems(problems, '')).toEqual(new Map([[2, 'value: must be a number']]));
    expect(filterRowProblems(problems, 'hops[1].')).toEqual(
      new Map([
        [0, "op: must be one of 'eq'"],
        [3, 'filter: is not an object'],
      ]),
    );
    expect(filterRowProblems(problems, 'hops[0].')).toEqual(new Map());
  });

  it('turns a row into the filter the backend reads and back, for every value input', () => {
    const cases = [
      { field: 'spec.cpu', op: 'between', value: [2, 8], input: 'numberRange' },
      { field: 'spec.environment', op: 'noneOf', value: ['staging'], input: 'multi' },
      { field: 'name', op: 'oneOf', value: ['a', 'b'], input: 'list' },
      { field: 'spec.tags', op: 'keyEquals', value: { key: 'team', value: 'ops' }, input: 'keyValue' },
      { field: 'active', op: 'is', value: false, input: 'boolean' },
      { field: 'createdAt', op: 'last', value: '30d', input: 'duration' },
      { field: 'createdAt', op: 'after', value: '2026-11-01T10:30:00.000Z', input: 'date' },
      { field: 'spec.services.name', op: 'isEmpty', value: undefined, input: 'none' },
    ] as const;
    for (const c of cases) {
      const filter =
        c.value === undefined ? { field: c.field, op: c.op } : { field: c.field, op: c.op, value: c.value };
      expect(valueInputFor(field(c.field), c.op)).toBe(c.input);
      expect(draftToFilter(filterToDraft(filter as any, field(c.field)), field(c.field))).toEqual(filter);
    }
  });
});
