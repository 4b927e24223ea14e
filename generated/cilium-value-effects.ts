// PLACEHOLDER until `npm run value-effects` exists.
export type ValueEffect = 'agents' | 'operator' | 'config' | 'hubble' | 'other';
export const VALUE_EFFECTS: Readonly<Record<string, Readonly<Record<string, readonly ValueEffect[]>>>> = { '1.20.0': {} };
