import { describe, expect } from 'vitest';
import { curatedContractSuite } from '../helpers/curated-contract.js';

/** SerpApi publishes no OpenAPI description; the tools are held to its documented /search.json parameters and result fields. */
const key = { api_key: 'serp-test' };
const search = (query: Record<string, string>) => [{ method: 'GET', path: '/search.json', query: { ...query, ...key } }];

describe('SerpApi curated tools against recorded contracts', () => {
  curatedContractSuite({
    toolkit: 'serpapi',
    auth: { mode: 'API_KEY', in: 'query', name: 'api_key', value: 'serp-test' },
    cases: {
      SERPAPI_SEARCH: {
        args: { query: 'coffee', location: 'Austin, Texas, United States' },
        requests: search({ engine: 'google', q: 'coffee', location: 'Austin, Texas, United States', num: '10' }),
        responses: [
          {
            body: {
              search_metadata: { id: 'x' },
              answer_box: { answer: 'Yes' },
              organic_results: [{ position: 1, title: 'Best coffee', link: 'https://a.example', snippet: 'Great', displayed_link: 'a.example' }],
              related_questions: [{ question: 'Is coffee good?' }],
            },
          },
        ],
        result: {
          answer: 'Yes',
          results: [{ position: 1, title: 'Best coffee', link: 'https://a.example', snippet: 'Great' }],
          related_questions: ['Is coffee good?'],
        },
      },
      SERPAPI_NEWS_SEARCH: {
        args: { query: 'fed rates', country: 'us' },
        requests: search({ engine: 'google_news', q: 'fed rates', gl: 'us' }),
        responses: [
          { body: { news_results: [{ title: 'Fed holds', source: { name: 'Reuters' }, date: '03/01/2026', link: 'https://r.example', snippet: 's' }] } },
        ],
        result: { articles: [{ title: 'Fed holds', source: 'Reuters', date: '03/01/2026', link: 'https://r.example', snippet: 's' }] },
      },
      SERPAPI_SCHOLAR_SEARCH: {
        args: { query: 'rag', year_from: 2023 },
        requests: search({ engine: 'google_scholar', q: 'rag', as_ylo: '2023', num: '10' }),
        responses: [
          {
            body: {
              organic_results: [
                {
                  title: 'RAG',
                  link: 'https://p.example',
                  snippet: 's',
                  publication_info: { summary: 'A Lewis - 2020' },
                  inline_links: { cited_by: { total: 900 } },
                },
              ],
            },
          },
        ],
        result: { papers: [{ title: 'RAG', link: 'https://p.example', snippet: 's', publication: 'A Lewis - 2020', cited_by: 900 }] },
      },
      SERPAPI_GOOGLE_MAPS_SEARCH: {
        args: { query: 'pizza brooklyn' },
        requests: search({ engine: 'google_maps', q: 'pizza brooklyn', type: 'search' }),
        responses: [
          {
            body: {
              local_results: [
                { title: "Joe's", address: '1 Main St', rating: 4.6, reviews: 1200, type: 'Pizza', gps_coordinates: { latitude: 1, longitude: 2 } },
              ],
            },
          },
        ],
        result: { places: [{ title: "Joe's", address: '1 Main St', rating: 4.6, reviews: 1200, type: 'Pizza', gps: { latitude: 1, longitude: 2 } }] },
      },
      SERPAPI_IMAGE_SEARCH: {
        args: { query: 'aurora' },
        requests: search({ engine: 'google_images', q: 'aurora' }),
        responses: [
          {
            body: {
              images_results: [
                { title: 'Aurora', source: 'nasa.gov', link: 'https://n.example', original: 'https://n.example/a.jpg', thumbnail: 'https://t.example/a.jpg' },
              ],
            },
          },
        ],
        result: {
          images: [
            { title: 'Aurora', source: 'nasa.gov', link: 'https://n.example', original: 'https://n.example/a.jpg', thumbnail: 'https://t.example/a.jpg' },
          ],
        },
      },
      SERPAPI_SHOPPING_SEARCH: {
        args: { query: 'standing desk' },
        requests: search({ engine: 'google_shopping', q: 'standing desk' }),
        responses: [
          { body: { shopping_results: [{ title: 'Desk', price: '$299.00', source: 'Shop', rating: 4.5, reviews: 10, product_link: 'https://s.example' }] } },
        ],
        result: { products: [{ title: 'Desk', price: '$299.00', source: 'Shop', rating: 4.5, reviews: 10, link: 'https://s.example' }] },
      },
      SERPAPI_TRENDS_SEARCH: {
        args: { query: 'react,vue', geo: 'US' },
        requests: search({ engine: 'google_trends', q: 'react,vue', date: 'today 12-m', geo: 'US', data_type: 'TIMESERIES' }),
        responses: [
          { body: { interest_over_time: { timeline_data: [{ date: 'Mar 1 – 7, 2026', values: [{ query: 'react', value: '80', extracted_value: 80 }] }] } } },
        ],
        result: { timeline: [{ date: 'Mar 1 – 7, 2026', values: [{ query: 'react', value: 80 }] }] },
      },
      SERPAPI_YOU_TUBE_SEARCH: {
        args: { query: 'leaky faucet' },
        requests: search({ engine: 'youtube', search_query: 'leaky faucet' }),
        responses: [
          {
            body: {
              video_results: [
                { title: 'Fix it', link: 'https://y.example', channel: { name: 'DIY' }, views: 1000, length: '5:01', published_date: '1 year ago' },
              ],
            },
          },
        ],
        result: { videos: [{ title: 'Fix it', link: 'https://y.example', channel: 'DIY', views: 1000, length: '5:01', published: '1 year ago' }] },
      },
      SERPAPI_GOOGLE_JOBS_SEARCH: {
        args: { query: 'nurse seattle' },
        requests: search({ engine: 'google_jobs', q: 'nurse seattle' }),
        responses: [
          {
            body: {
              jobs_results: [
                {
                  title: 'RN',
                  company_name: 'Hospital',
                  location: 'Seattle, WA',
                  via: 'LinkedIn',
                  detected_extensions: { posted_at: '2 days ago', schedule_type: 'Full-time' },
                  apply_options: [{ link: 'https://apply.example' }],
                  job_id: 'j1',
                },
              ],
            },
          },
        ],
        result: (d) =>
          expect(d['jobs']).toEqual([
            {
              title: 'RN',
              company: 'Hospital',
              location: 'Seattle, WA',
              via: 'LinkedIn',
              posted: '2 days ago',
              schedule: 'Full-time',
              apply_links: ['https://apply.example'],
              job_id: 'j1',
            },
          ]),
      },
    },
  });
});
