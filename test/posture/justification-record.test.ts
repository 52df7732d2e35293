import { JUSTIFICATIONS_ANNOTATION, decodeJustifications, encodeJustifications } from 'hardened-workloads';

const record = {
  exemption: 'capability' as const,
  container: 'api',
  subject: 'NET_BIND_SERVICE',
  reason: 'binds port 80 for a legacy health check',
};

describe('justification annotation', () => {
  it('round-trips records', () => {
    expect(decodeJustifications(encodeJustifications([record]))).toEqual({ records: [record], problems: [] });
  });

  it('reads a missing annotation as no records', () => {
    expect(decodeJustifications(undefined)).toEqual({ records: [], problems: [] });
  });

  it.each([
    [42, `annotation ${JUSTIFICATIONS_ANNOTATION} must be a JSON string`],
    ['{not json', `annotation ${JUSTIFICATIONS_ANNOTATION} is not valid JSON`],
    ['{"exemption":"privileged"}', `annotation ${JUSTIFICATIONS_ANNOTATION} must be a JSON array of records`],
    ['[1]', `annotation ${JUSTIFICATIONS_ANNOTATION}[0]: must be an object`],
    [
      '[{"exemption":"everything","reason":"x"}]',
      `annotation ${JUSTIFICATIONS_ANNOTATION}[0]: unknown exemption "everything"`,
    ],
    ['[{"exemption":"privileged"}]', `annotation ${JUSTIFICATIONS_ANNOTATION}[0]: reason is required`],
    [
      '[{"exemption":"privileged","reason":"x","container":3}]',
      `annotation ${JUSTIFICATIONS_ANNOTATION}[0]: container must be a string`,
    ],
  ])('reports %p without throwing', (value, problem) => {
    const decoded = decodeJustifications(value);
    expect(decoded.records).toEqual([]);
    expect(decoded.problems).toHaveLength(1);
    expect(decoded.problems[0]).toContain(problem);
  });

  it('keeps the readable records of a partly broken annotation', () => {
    const decoded = decodeJustifications(JSON.stringify([record, { exemption: 'nope' }]));
    expect(decoded.records).toEqual([record]);
    expect(decoded.problems).toEqual([
      `annotation ${JUSTIFICATIONS_ANNOTATION}[1]: unknown exemption "nope"`,
    ]);
  });
});
