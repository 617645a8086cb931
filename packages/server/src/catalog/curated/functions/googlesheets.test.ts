import type { Tool, Toolkit } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import type { ProviderClient, ProviderRequest } from '../../../execution/backends/provider-client.js';
import { upsertRows } from './googlesheets.js';

describe('googlesheets.upsert_rows', () => {
  it('updates rows whose key matches (keeping other cells) and appends the rest', async () => {
    const requests: ProviderRequest[] = [];
    const api = {
      json: async (request: ProviderRequest) => {
        requests.push(request);
        if (request.method === 'GET')
          return {
            values: [
              ['Email', 'Name', 'Status'],
              ['ana@x.com', 'Ana', 'new'],
              ['bo@x.com', 'Bo', 'new'],
            ],
          };
        return request.path.endsWith(':append') ? { updates: { updatedRange: "'Customers'!A4:C4" } } : {};
      },
    } as unknown as ProviderClient;
    const result = await upsertRows({
      args: {
        spreadsheet_id: 's1',
        sheet_name: 'Customers',
        key_column: 'Email',
        rows: [
          { Email: 'bo@x.com', Status: 'paid' },
          { Email: 'cy@x.com', Name: 'Cy' },
        ],
      },
      api,
      tool: {} as Tool,
      toolkit: {} as Toolkit,
      now: () => new Date(),
    });
    expect(requests.map((r) => [r.method, decodeURIComponent(r.path)])).toEqual([
      ['GET', "/v4/spreadsheets/s1/values/'Customers'"],
      ['POST', '/v4/spreadsheets/s1/values:batchUpdate'],
      ['POST', "/v4/spreadsheets/s1/values/'Customers':append"],
    ]);
    expect(requests[1]?.body).toEqual({ valueInputOption: 'USER_ENTERED', data: [{ range: "'Customers'!A3", values: [['bo@x.com', 'Bo', 'paid']] }] });
    expect(requests[2]?.body).toEqual({ values: [['cy@x.com', 'Cy', '']] });
    expect(result).toEqual({ updated_rows: 1, appended_rows: 1, updated_ranges: ["'Customers'!A3"], appended_range: "'Customers'!A4:C4" });
  });
});
