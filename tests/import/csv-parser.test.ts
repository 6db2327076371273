import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../scripts/roster/csv-parser.js';
import { rosterFromCsv, rosterFromJson, RosterFileError } from '../../scripts/roster/roster-file.js';

describe('CSV parser (RFC 4180)', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",\r\n\r\n3,,"z"';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\r\nlines', ''] },
      { line: 6, fields: ['3', '', 'z'] },
    ]);
  });

  it('accepts LF endings and a trailing newline', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('names the line of an unclosed quote, a stray quote, or text after a closing quote', () => {
    expect(() => parseCsv('a\n"open\nstill')).toThrow(new CsvSyntaxError(2, 'a quoted field is not closed'));
    expect(() => parseCsv('a\nx"y')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('a\n"x"y')).toThrow(/line 2: text after a closing quote/);
  });
});

describe('roster files', () => {
  it('maps CSV rows to columns and keeps each row’s line number', () => {
    const r = rosterFromCsv('employee_no,name,department\nE1,李娜,研发部\nE2,"张伟",研发部/平台组\n');
    expect(r.columns).toEqual(['employee_no', 'name', 'department']);
    expect(r.rows).toEqual([
      { line: 2, values: { employee_no: 'E1', name: '李娜', department: '研发部' } },
      { line: 3, values: { employee_no: 'E2', name: '张伟', department: '研发部/平台组' } },
    ]);
  });

  it('refuses a row with the wrong number of fields and a repeated header', () => {
    expect(() => rosterFromCsv('employee_no,name\nE1')).toThrow(RosterFileError);
    expect(() => rosterFromCsv('name,name\na,b')).toThrow(/appears twice/);
  });

  it('reads JSON arrays of flat objects; roles may be an array; nested values are refused', () => {
    const r = rosterFromJson(JSON.stringify([{ employee_no: 'E1', name: 'A', department: 'X', roles: ['employee', 'hr_admin'], relay_opt_in: true, salary: 12000 }]));
    expect(r.rows[0]).toEqual({ line: 1, values: { employee_no: 'E1', name: 'A', department: 'X', roles: 'employee;hr_admin', relay_opt_in: 'true', salary: '12000' } });
    expect(() => rosterFromJson('{"a":1}')).toThrow(/array/);
    expect(() => rosterFromJson('[{"a":{"b":1}}]')).toThrow(/record 1/);
    expect(() => rosterFromJson('[oops')).toThrow(/not valid JSON/);
  });
});
