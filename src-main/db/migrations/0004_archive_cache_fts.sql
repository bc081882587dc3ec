-- Full-text search over the desktop's archive cache (custom migration: drizzle-kit cannot express
-- FTS5 virtual tables). Trigram tokens, like the relay's archive_fts: the filter bar's free text
-- matches substrings case-insensitively, so a prefix index would miss what the relay finds. rowid is
-- archive_cache.rowid; archive-cache.ts writes both in one transaction. Rows cached before this
-- migration are indexed from their JSON here.
CREATE VIRTUAL TABLE `archive_cache_fts` USING fts5(`title`, `description`, `comments`, `links`, `tags`, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO `archive_cache_fts` (rowid, title, description, comments, links, tags)
SELECT c.rowid,
	coalesce(json_extract(c.row, '$.task.title'), ''),
	coalesce(json_extract(c.row, '$.task.description'), ''),
	coalesce((SELECT group_concat(json_extract(value, '$.body'), char(10)) FROM json_each(c.row, '$.task.comments')), ''),
	coalesce((SELECT group_concat(json_extract(value, '$.kind') || ':' || json_extract(value, '$.id') || ' ' || coalesce(json_extract(value, '$.label'), ''), char(10)) FROM json_each(c.row, '$.task.links')), ''),
	coalesce((SELECT group_concat(value, char(10)) FROM json_each(c.row, '$.task.tags')), '')
FROM `archive_cache` c WHERE json_valid(c.row);
