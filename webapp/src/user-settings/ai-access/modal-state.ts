// Open/closed state of the AI assistant access dialog, shared by the main menu action that opens it
// and the root component that renders it (servers without plugin user settings).
type Listener = () => void;

let open = false;
const listeners = new Set<Listener>();

function set(value: boolean) {
  if (open === value) return;
  open = value;
  listeners.forEach((listener) => listener());
}

const state = {
  get: () => open,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

export const aiAccessDialog = {
  open: () => set(true),
  close: () => set(false),
  isOpen: () => open,
  /** For `useExternalValue`: whether the dialog is open, and news of changes. */
  state,
};
