import { useEffect, useState } from 'react';

/**
 * Seconds left until `deadline` (client clock, ms). The deadline is derived from the server's
 * expiry and the server's Date header, so a skewed phone clock does not stretch a reveal.
 */
export function useCountdown(deadline: number | null): number | null {
  const left = () => (deadline === null ? null : Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState<number | null>(left);
  useEffect(() => {
    setSeconds(left());
    if (deadline === null) return;
    const timer = window.setInterval(() => {
      const s = left();
      setSeconds(s);
      if (s === 0) window.clearInterval(timer);
    }, 1000);
    const exact = window.setTimeout(() => setSeconds(0), Math.max(0, deadline - Date.now()));
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(exact);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deadline]);
  return seconds;
}

/** The client-clock instant matching a server-given expiry. */
export const clientDeadline = (expiresAtIso: string, serverTime: number): number =>
  Date.now() + (Date.parse(expiresAtIso) - serverTime);

export const formatSeconds = (s: number): string => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
