import { sql, type RawBuilder } from 'kysely';

/**
 * The distinct pairs of lexemes at adjacent positions in a tsvector, as "first second" strings.
 * Read from the stored vector itself, so the pairs are exactly the adjacencies PostgreSQL's phrase
 * operator (`<->`) can match: an article that matches a phrase holds every adjacent pair of it.
 * Text, not hashes: `hashtext` is not promised to stay the same across PostgreSQL versions, and a
 * changed hash would make phrases miss silently after an upgrade.
 */
export function pairsOfDocument(document: RawBuilder<unknown>): RawBuilder<string[]> {
  return sql<string[]>`array(
    select distinct x.lexeme || ' ' || y.lexeme
    from (select u.lexeme, p from unnest(${document}) u, unnest(u.positions) p) x
    join (select u.lexeme, p from unnest(${document}) u, unnest(u.positions) p) y on y.p = x.p + 1
  )`;
}

/** The pairs a phrase needs, from the phrase's own vector (same configuration, same stemming, stopwords leave gaps). */
export function pairsOfPhrase(text: string): RawBuilder<string[]> {
  return pairsOfDocument(sql`to_tsvector('english', ${text})`);
}
