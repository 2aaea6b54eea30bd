/** An article's soft lock: who may type in its editor now. */
export interface ArticleLock {
  readonly userId: number;
  readonly since: number;
  /** The holder's last heartbeat; a lock not refreshed for a while is free to take. */
  readonly seenAt: number;
}

export interface ArticleNote {
  readonly id: number;
  readonly articleId: number;
  readonly userId: number | null;
  readonly body: string;
  readonly createdAt: number;
}

export interface CollaborationRepository {
  touchPresence(articleId: number, userId: number, at: number): Promise<void>;
  /** Users whose editor of this article sent a heartbeat at or after `since`. */
  present(articleId: number, since: number): Promise<number[]>;
  /** The user closed the editor: no longer present, and their lock (if they hold it) is free. */
  leave(articleId: number, userId: number): Promise<void>;
  lock(articleId: number): Promise<ArticleLock | undefined>;
  /** Gives the lock to `userId` (taking it from anyone). */
  setLock(articleId: number, userId: number, at: number): Promise<void>;
  /** Refreshes the holder's lock; false when `userId` does not hold it. */
  touchLock(articleId: number, userId: number, at: number): Promise<boolean>;
  notes(articleId: number): Promise<ArticleNote[]>;
  addNote(note: Omit<ArticleNote, 'id'>): Promise<void>;
}
