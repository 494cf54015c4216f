// Something the panel loads: still coming, there, or failed with a message for the user.
export type Loaded<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };
