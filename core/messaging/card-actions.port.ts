/** One press of a card button, identified by (card, user, action, params). */
export interface CardActionKey {
  readonly key: string;
  readonly outTrackId: string;
  readonly userId: string;
  readonly actionId: string;
}

export type CardActionStart =
  | { readonly state: 'new' }
  /** Already handled: answer with the stored card update (JSON), if any. */
  | { readonly state: 'done'; readonly response: string | null };

/** Inside the transaction that runs the action, so an action and its record commit together. */
export interface CardActionJournal {
  begin(action: CardActionKey, at: Date): Promise<CardActionStart>;
  complete(key: string, response: string | null, at: Date): Promise<void>;
}
