import { describe } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/** Tavily and Perplexity publish no OpenAPI description; their tools are held to the documented request and answer fields. */
describe('Tavily curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'tavily',
    auth: { mode: 'BEARER_TOKEN', token: 'tvly-test' },
    cases: {
      TAVILY_TAVILY_SEARCH: {
        args: { query: 'EU AI act', topic: 'news', time_range: 'week' },
        requests: [
          {
            method: 'POST',
            path: '/search',
            headers: { authorization: 'Bearer tvly-test' },
            body: { query: 'EU AI act', search_depth: 'basic', topic: 'news', max_results: 5, include_answer: true, time_range: 'week' },
          },
        ],
        responses: [
          {
            body: {
              query: 'EU AI act',
              answer: 'It applies from 2026.',
              results: [{ title: 'AI Act', url: 'https://e.example', content: 'text', score: 0.9, raw_content: null }],
              response_time: 1.2,
            },
          },
        ],
        result: { answer: 'It applies from 2026.', results: [{ title: 'AI Act', url: 'https://e.example', content: 'text', score: 0.9 }] },
      },
      TAVILY_EXTRACT: {
        args: { urls: ['https://a.example'] },
        requests: [{ method: 'POST', path: '/extract', body: { urls: ['https://a.example'], extract_depth: 'basic' } }],
        responses: [{ body: { results: [{ url: 'https://a.example', raw_content: 'Hello' }], failed_results: [{ url: 'https://b.example', error: 'x' }] } }],
        result: { results: [{ url: 'https://a.example', content: 'Hello' }], failed: ['https://b.example'] },
      },
      TAVILY_CRAWL: {
        args: { url: 'https://docs.example', instructions: 'API pages' },
        requests: [{ method: 'POST', path: '/crawl', body: { url: 'https://docs.example', max_depth: 1, limit: 20, instructions: 'API pages' } }],
        responses: [{ body: { base_url: 'https://docs.example', results: [{ url: 'https://docs.example/api', raw_content: 'API' }] } }],
        result: { base_url: 'https://docs.example', results: [{ url: 'https://docs.example/api', content: 'API' }] },
      },
      TAVILY_MAP: {
        args: { url: 'https://example.com' },
        requests: [{ method: 'POST', path: '/map', body: { url: 'https://example.com', max_depth: 1, limit: 50 } }],
        responses: [{ body: { base_url: 'https://example.com', results: ['https://example.com/a', 'https://example.com/b'] } }],
        result: { base_url: 'https://example.com', urls: ['https://example.com/a', 'https://example.com/b'] },
      },
    },
  });
});

describe('Perplexity curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'perplexityai',
    auth: { mode: 'BEARER_TOKEN', token: 'pplx-test' },
    cases: {
      PERPLEXITYAI_PERPLEXITY_AI_SEARCH: {
        args: { query: 'What changed in Python 3.14?', recency: 'month', system_prompt: 'Be brief.' },
        requests: [
          {
            method: 'POST',
            path: '/chat/completions',
            headers: { authorization: 'Bearer pplx-test' },
            body: {
              model: 'sonar',
              messages: [
                { role: 'system', content: 'Be brief.' },
                { role: 'user', content: 'What changed in Python 3.14?' },
              ],
              search_recency_filter: 'month',
            },
          },
        ],
        responses: [
          {
            body: {
              id: 'r1',
              model: 'sonar',
              choices: [{ index: 0, message: { role: 'assistant', content: 'Free-threading...' } }],
              citations: ['https://docs.python.org'],
              search_results: [{ title: 'Whats new', url: 'https://docs.python.org', date: '2026-01-01' }],
              usage: {},
            },
          },
        ],
        result: {
          answer: 'Free-threading...',
          citations: ['https://docs.python.org'],
          sources: [{ title: 'Whats new', url: 'https://docs.python.org', date: '2026-01-01' }],
          model: 'sonar',
        },
      },
      PERPLEXITYAI_SEARCH: {
        args: { query: 'transistor history', max_results: 3 },
        requests: [{ method: 'POST', path: '/search', body: { query: 'transistor history', max_results: 3 } }],
        responses: [{ body: { results: [{ title: 'Transistor', url: 'https://w.example', snippet: '1947', date: '2020-01-01' }] } }],
        result: { results: [{ title: 'Transistor', url: 'https://w.example', snippet: '1947', date: '2020-01-01' }] },
      },
    },
  });
});
