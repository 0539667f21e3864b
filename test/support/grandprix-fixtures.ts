// The test campaign: small but complete, built through the real parser so the tests
// exercise the same shapes production code sees. Plain data, no database: the unit tests
// and the vote bench use it alone; ./grandprix.ts imports it, enters and confirms entries.
import { stringify } from 'yaml';
import { parseCampaign, type Campaign } from '../../src/grandprix/campaign-schema';

export function baseCampaignData(): Record<string, unknown> {
  return {
    slug: 'test-prix',
    title: 'Test Prix',
    description: 'A test vote.',
    timezone: 'Europe/Moscow',
    opens_at: '2023-01-10T00:00:00',
    closes_at: '2023-02-28T00:00:00',
    rules: 'Be nice.',
    promo: { headline: 'Vote now', text: 'Pick a car.' },
    prizes: [
      { title: 'Car for a year', description: 'A sedan', value: 480000 },
      { title: 'Weekend', value: 60000 },
    ],
    categories: [
      {
        id: 'city-car',
        title: 'City car',
        nominees: [
          { id: 'vesta', title: 'Lada Vesta NG' },
          { id: 'moskvich-3', title: 'Moskvich 3' },
          { id: 'omoda-c5', title: 'Omoda C5' },
        ],
      },
      {
        id: 'suv',
        title: 'Crossover',
        nominees: [
          { id: 'jolion', title: 'Haval Jolion' },
          { id: 'monjaro', title: 'Geely Monjaro' },
        ],
      },
    ],
    questions: [
      {
        id: 'q-plans',
        type: 'single',
        text: 'Buying a car this year?',
        required: true,
        options: [
          { id: 'yes', text: 'Yes' },
          { id: 'no', text: 'No' },
        ],
      },
      {
        id: 'q-brands',
        type: 'multi',
        text: 'Brands you would consider',
        options: [
          { id: 'lada', text: 'Lada' },
          { id: 'haval', text: 'Haval' },
          { id: 'kia', text: 'Kia' },
        ],
      },
      { id: 'q-wish', type: 'text', text: 'What should we write about?', max_length: 20 },
      { id: 'q-rate', type: 'rating', text: 'Rate us', required: true },
      { id: 'q-age', type: 'number', text: 'Your age', min: 14, max: 100, integer: true, unit: 'years' },
    ],
  };
}

export function campaignFrom(data: Record<string, unknown>): Campaign {
  return parseCampaign(stringify(data));
}

export function baseCampaign(): Campaign {
  return campaignFrom(baseCampaignData());
}
