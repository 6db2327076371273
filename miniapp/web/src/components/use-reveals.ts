import { useCallback, useMemo, useState } from 'react';
import type { ShownReveal } from './revealed-panel.js';

/**
 * Which fields have a value on screen, and which were hidden again (remembering a break-glass
 * grant id, which may show the value again while the grant lasts).
 */
export function useReveals() {
  const [shown, setShown] = useState<Record<string, ShownReveal>>({});
  const [hidden, setHidden] = useState<Record<string, { grantId?: string }>>({});
  const show = useCallback((s: ShownReveal) => {
    const fields = s.grant.values.map((v) => v.field);
    setShown((prev) => Object.fromEntries([...Object.entries(prev), ...fields.map((f) => [f, s] as const)]));
    setHidden((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !fields.includes(k))));
  }, []);
  const hide = useCallback((field: string) => {
    setShown((prev) => {
      const s = prev[field];
      if (!s) return prev;
      setHidden((h) => ({ ...h, [field]: { grantId: s.grant.grantId } }));
      return Object.fromEntries(Object.entries(prev).filter(([k]) => k !== field));
    });
  }, []);
  const showing = useMemo(() => new Set(Object.keys(shown)), [shown]);
  return { shown, hidden, showing, show, hide };
}
