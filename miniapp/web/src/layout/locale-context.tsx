import { createContext, useContext } from 'react';
import type { Locale } from '../api/types.js';

export const LocaleSetterContext = createContext<(l: Locale) => void>(() => {});
export const useLocaleSetter = () => useContext(LocaleSetterContext);
