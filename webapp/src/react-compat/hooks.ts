// Hooks that behave the same on every React Mattermost gives plugins: Mattermost 10 runs React 17,
// which lacks React 18's `useId` and `useSyncExternalStore`, so the bundle uses only React 16.8 hooks.
import { useEffect, useState } from 'react';

let lastId = 0;

/** An id unique in the page and stable for the component's life, for `htmlFor` and `aria-*`. */
export function useStableId(): string {
  const [id] = useState(() => `mcp-bridge-${++lastId}`);
  return id;
}

export interface ExternalValue<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

/** The current value of something outside React, re-rendering when it changes. */
export function useExternalValue<T>(source: ExternalValue<T>): T {
  const [value, setValue] = useState(source.get);
  useEffect(() => {
    // A change between the first render and this subscription is not lost.
    setValue(source.get);
    return source.subscribe(() => setValue(source.get));
  }, [source]);
  return value;
}
