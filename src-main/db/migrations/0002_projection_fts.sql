-- Full-text search over title, description and comments (custom migration:
-- drizzle-kit cannot express FTS5 virtual tables). Written by projection.ts in
-- the same transaction as the tasks row. The projection is derived data: a file
-- migrated from schema v1 has none yet, and the store rebuilds it from Yjs on open.
CREATE VIRTUAL TABLE `task_fts` USING fts5(
	`task_id` UNINDEXED,
	`title`,
	`description`,
	`comments`,
	tokenize = 'unicode61 remove_diacritics 2'
);
