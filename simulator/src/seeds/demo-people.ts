// The people of the demo workspace.

export interface DemoPerson {
  username: string;
  first_name: string;
  last_name: string;
  nickname: string;
  position: string;
  timezone: string;
  teams: ('acme' | 'research')[];
  status: 'online' | 'away' | 'dnd' | 'offline';
  customStatus?: { emoji: string; text: string; duration: string; expiresInHours?: number };
}

export const DEMO_PASSWORD = 'Demo@pass-2024';

export const PEOPLE: DemoPerson[] = [
  {
    username: 'alice',
    first_name: 'Alice',
    last_name: 'Johnson',
    nickname: 'AJ',
    position: 'Product Manager',
    timezone: 'Europe/London',
    teams: ['acme', 'research'],
    status: 'online',
    customStatus: { emoji: 'calendar', text: 'Planning Q3 roadmap', duration: 'today' },
  },
  {
    username: 'bob',
    first_name: 'Bob',
    last_name: 'Martinez',
    nickname: 'Bobby',
    position: 'Backend Engineer',
    timezone: 'America/New_York',
    teams: ['acme'],
    status: 'online',
  },
  {
    username: 'carol',
    first_name: 'Carol',
    last_name: 'Nguyen',
    nickname: '',
    position: 'Product Designer',
    timezone: 'America/Los_Angeles',
    teams: ['acme'],
    status: 'away',
    customStatus: { emoji: 'art', text: 'Deep in Figma', duration: '' },
  },
  {
    username: 'dave',
    first_name: 'Dave',
    last_name: 'Okafor',
    nickname: 'Ops Dave',
    position: 'Site Reliability Engineer',
    timezone: 'Africa/Lagos',
    teams: ['acme', 'research'],
    status: 'dnd',
    customStatus: { emoji: 'rotating_light', text: 'On call this week', duration: 'this_week' },
  },
  {
    username: 'erin',
    first_name: 'Erin',
    last_name: 'Schmidt',
    nickname: '',
    position: 'QA Engineer',
    timezone: 'Europe/Berlin',
    teams: ['acme'],
    status: 'offline',
  },
  {
    username: 'frank',
    first_name: 'Frank',
    last_name: 'Rossi',
    nickname: '',
    position: 'Data Scientist',
    timezone: 'Europe/Rome',
    teams: ['research'],
    status: 'online',
  },
  {
    username: 'grace',
    first_name: 'Grace',
    last_name: 'Lee',
    nickname: 'Dr. Lee',
    position: 'Research Lead',
    timezone: 'Asia/Seoul',
    teams: ['research', 'acme'],
    status: 'away',
    customStatus: {
      emoji: 'airplane',
      text: 'Travelling to NeurIPS',
      duration: 'date_and_time',
      expiresInHours: 72,
    },
  },
  {
    username: 'heidi',
    first_name: 'Heidi',
    last_name: 'Novak',
    nickname: '',
    position: 'Machine Learning Engineer',
    timezone: 'Europe/Prague',
    teams: ['research'],
    status: 'offline',
  },
  {
    username: 'ivan',
    first_name: 'Ivan',
    last_name: 'Petrov',
    nickname: '',
    position: 'Customer Support Lead',
    timezone: 'Europe/Sofia',
    teams: ['acme'],
    status: 'online',
    customStatus: {
      emoji: 'headphones',
      text: 'Support rotation',
      duration: 'four_hours',
      expiresInHours: 4,
    },
  },
  {
    username: 'judy',
    first_name: 'Judy',
    last_name: 'Kim',
    nickname: '',
    position: 'Head of Marketing',
    timezone: 'America/Chicago',
    teams: ['acme'],
    status: 'offline',
  },
];

export interface DemoChannel {
  team: 'acme' | 'research';
  name: string;
  display_name: string;
  type: 'O' | 'P';
  purpose: string;
  header: string;
  /** Usernames; undefined means every member of the team. */
  members?: string[];
  /** How many root posts of history. */
  roots: number;
}

export const TEAMS = [
  {
    name: 'acme',
    display_name: 'Acme',
    description: 'Acme Corporation: product, engineering and go-to-market.',
  },
  {
    name: 'research',
    display_name: 'Research',
    description: 'Applied research and machine learning.',
  },
];

export const CHANNELS: DemoChannel[] = [
  {
    team: 'acme',
    name: 'town-square',
    display_name: 'Town Square',
    type: 'O',
    purpose: 'Company-wide announcements and chatter',
    header: 'All-hands every other Thursday at 16:00 UTC',
    roots: 22,
  },
  {
    team: 'acme',
    name: 'off-topic',
    display_name: 'Off-Topic',
    type: 'O',
    purpose: 'Anything that is not work',
    header: '',
    roots: 14,
  },
  {
    team: 'acme',
    name: 'engineering',
    display_name: 'Engineering',
    type: 'O',
    purpose: 'Building the product: design reviews, code, architecture',
    header: 'Runbook: https://wiki.example.com/eng | On call: @dave',
    members: ['alice', 'bob', 'carol', 'dave', 'erin', 'grace'],
    roots: 34,
  },
  {
    team: 'acme',
    name: 'releases',
    display_name: 'Releases',
    type: 'O',
    purpose: 'Release trains, changelogs and rollout status',
    header: 'Next release: v2.14 (code freeze Wednesday)',
    members: ['alice', 'bob', 'dave', 'erin', 'ivan'],
    roots: 16,
  },
  {
    team: 'acme',
    name: 'incidents',
    display_name: 'Incidents',
    type: 'O',
    purpose: 'Production incidents and postmortems',
    header: 'Sev1? Page @dave and open a bridge call',
    members: ['alice', 'bob', 'dave', 'erin', 'ivan'],
    roots: 12,
  },
  {
    team: 'acme',
    name: 'design',
    display_name: 'Design',
    type: 'O',
    purpose: 'UX research, mockups and the design system',
    header: '',
    members: ['alice', 'carol', 'judy', 'bob'],
    roots: 14,
  },
  {
    team: 'acme',
    name: 'customer-feedback',
    display_name: 'Customer Feedback',
    type: 'O',
    purpose: 'What customers tell support and sales',
    header: '',
    members: ['alice', 'ivan', 'judy', 'carol', 'bob'],
    roots: 14,
  },
  {
    team: 'acme',
    name: 'leadership',
    display_name: 'Leadership',
    type: 'P',
    purpose: 'Private: planning, hiring and budget',
    header: '',
    members: ['alice', 'dave', 'judy', 'grace'],
    roots: 10,
  },
  {
    team: 'acme',
    name: 'backend-team',
    display_name: 'Backend Team',
    type: 'P',
    purpose: 'Private: backend squad coordination',
    header: 'Stand-up 09:30 ET',
    members: ['bob', 'dave', 'erin', 'alice'],
    roots: 14,
  },
  {
    team: 'research',
    name: 'town-square',
    display_name: 'Town Square',
    type: 'O',
    purpose: 'Research announcements',
    header: 'Reading group Fridays',
    roots: 12,
  },
  {
    team: 'research',
    name: 'off-topic',
    display_name: 'Off-Topic',
    type: 'O',
    purpose: 'Random',
    header: '',
    roots: 6,
  },
  {
    team: 'research',
    name: 'papers',
    display_name: 'Papers',
    type: 'O',
    purpose: 'Papers worth reading, with a one-line why',
    header: '',
    roots: 14,
  },
  {
    team: 'research',
    name: 'experiments',
    display_name: 'Experiments',
    type: 'O',
    purpose: 'Experiment tracking: hypotheses, runs, results',
    header: 'Dashboard: https://mlflow.example.com',
    roots: 18,
  },
  {
    team: 'research',
    name: 'ml-infra',
    display_name: 'ML Infra',
    type: 'P',
    purpose: 'Private: GPU cluster and training infrastructure',
    header: '',
    members: ['dave', 'frank', 'heidi', 'grace'],
    roots: 10,
  },
];
