-- The desktop's archive cache (DESIGN "A bounded live document"): archived tasks main fetched
-- from the relay's archive, kept so they still show offline. `row` is the relay's search row
-- (ArchivedTaskRow as JSON), `events` the whole log once the task was opened (null before).
-- Derived data: the relay's archive is the record; rows are replaced on every fetch.
CREATE TABLE `archive_cache` (
	`task_id` text PRIMARY KEY NOT NULL,
	`row` text NOT NULL,
	`events` text,
	`closed_at` text NOT NULL,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `archive_cache_closed` ON `archive_cache` (`closed_at`);
