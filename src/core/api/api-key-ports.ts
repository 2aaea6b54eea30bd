/** A Content API key as stored (never the key itself: its hash). */
export interface ApiKey {
  readonly id: number;
  readonly name: string;
  /** The first characters, to tell keys apart in the list (never enough to use). */
  readonly prefix: string;
  readonly origins: readonly string[];
  readonly ratePerMinute: number;
  readonly createdAt: number;
  readonly createdBy: number | null;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export interface ApiKeyRepository {
  list(): Promise<ApiKey[]>;
  create(input: { name: string; hash: string; prefix: string; origins: readonly string[]; ratePerMinute: number; at: number; userId: number }): Promise<number>;
  findByHash(hash: string): Promise<ApiKey | undefined>;
  revoke(id: number, at: number): Promise<boolean>;
  touch(id: number, at: number): Promise<void>;
}
