/** The demo edition's sections, sub-sections, tags, series and bylines. All fictional. */

export interface DemoSection {
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly subsections: readonly { readonly slug: string; readonly name: string }[];
}

export const DEMO_SECTIONS: readonly DemoSection[] = [
  {
    slug: 'politics',
    name: 'Politics',
    description: 'Government, the Diet, elections and national security.',
    subsections: [
      { slug: 'politics-government', name: 'Politics & Government' },
      { slug: 'defense-security', name: 'Defense & Security' },
    ],
  },
  {
    slug: 'society',
    name: 'Society',
    description: 'Life across the country: communities, courts, schools and public safety.',
    subsections: [
      { slug: 'general-news', name: 'General News' },
      { slug: 'crime-courts', name: 'Crime & Courts' },
    ],
  },
  {
    slug: 'business',
    name: 'Business',
    description: 'The economy, companies and markets.',
    subsections: [
      { slug: 'economy', name: 'Economy' },
      { slug: 'companies', name: 'Companies' },
      { slug: 'markets', name: 'Markets' },
    ],
  },
  {
    slug: 'world',
    name: 'World',
    description: 'News from abroad, from our correspondents.',
    subsections: [
      { slug: 'asia-pacific', name: 'Asia-Pacific' },
      { slug: 'europe', name: 'Europe' },
      { slug: 'americas', name: 'Americas' },
    ],
  },
  {
    slug: 'science-nature',
    name: 'Science & Nature',
    description: 'Research, technology, space and the environment.',
    subsections: [
      { slug: 'technology', name: 'Technology' },
      { slug: 'environment', name: 'Environment' },
    ],
  },
  {
    slug: 'culture',
    name: 'Culture',
    description: 'Arts, entertainment and food.',
    subsections: [
      { slug: 'arts-entertainment', name: 'Arts & Entertainment' },
      { slug: 'food', name: 'Food' },
    ],
  },
  {
    slug: 'sports',
    name: 'Sports',
    description: 'Baseball, soccer and the rest of the sporting week.',
    subsections: [
      { slug: 'baseball', name: 'Baseball' },
      { slug: 'soccer', name: 'Soccer' },
    ],
  },
  {
    slug: 'editorial',
    name: 'Editorial',
    description: 'Our view, and views from outside the newsroom.',
    subsections: [
      { slug: 'our-view', name: 'Our View' },
      { slug: 'opinion', name: 'Opinion' },
    ],
  },
  {
    slug: 'features',
    name: 'Features',
    description: 'Travel, lifestyle and longer reads.',
    subsections: [
      { slug: 'travel', name: 'Travel' },
      { slug: 'lifestyle', name: 'Lifestyle' },
    ],
  },
];

export const DEMO_AUTHORS = {
  tanabe: { name: 'Mika Tanabe', title: 'Staff Writer' },
  okafor: { name: 'Daniel Okafor', title: 'Senior Writer' },
  morimoto: { name: 'Yuki Morimoto', title: 'Political Correspondent' },
  lindqvist: { name: 'Sofia Lindqvist', title: 'Europe Correspondent' },
  arakawa: { name: 'Kenji Arakawa', title: 'Business Writer' },
  ishikura: { name: 'Hana Ishikura', title: 'Science Writer' },
  whitfield: { name: 'Tom Whitfield', title: 'Sports Writer' },
  fujisaki: { name: 'Rina Fujisaki', title: 'Culture Writer' },
} as const;

export type DemoAuthorKey = keyof typeof DEMO_AUTHORS;

export const DEMO_SERIES = {
  rails: {
    slug: 'rails-of-the-north',
    title: 'Rails of the North',
    description: 'A reporting journey along the rural lines that keep northern towns connected, and the people deciding their future.',
  },
  coast: {
    slug: 'the-coast-ten-years-on',
    title: 'The Coast Ten Years On',
    description: 'A decade after Typhoon Ranka, how the towns of the Aozora coast rebuilt, and what they would do differently.',
  },
} as const;

export type DemoSeriesKey = keyof typeof DEMO_SERIES;
