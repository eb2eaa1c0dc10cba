import { describe, expect, it } from 'vitest';
import { currentRun, inRunContext } from '../../../src/ui/run-context.js';
import { renderTable } from '../../../src/ui/table.js';

describe('renderTable', () => {
  it('keeps the columns after a masked secret in line (the URL table of up with a .env password)', async () => {
    const table = await inRunContext(async () => {
      currentRun().secrets.add(['change-me']);
      return renderTable(
        ['SERVICE', 'WHERE', 'CREDENTIALS FROM'],
        [
          ['app', 'http://127.0.0.1:8080', ''],
          ['postgres', 'postgres://app:change-me@127.0.0.1:5432/app', 'POSTGRES_PASSWORD in .env'],
        ],
      );
    });
    const [header, , postgres] = table.split('\n');
    expect(postgres).toContain('postgres://app:****@127.0.0.1:5432/app');
    expect(postgres!.indexOf('POSTGRES_PASSWORD')).toBe(header!.indexOf('CREDENTIALS FROM'));
  });
});
