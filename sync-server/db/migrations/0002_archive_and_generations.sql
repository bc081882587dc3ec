CREATE TABLE `archived_events` (
	`room` text NOT NULL,
	`task_id` text NOT NULL,
	`event_id` text NOT NULL,
	`position` integer NOT NULL,
	`json` text NOT NULL,
	PRIMARY KEY(`room`, `task_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `archived_events_task_position` ON `archived_events` (`room`,`task_id`,`position`);--> statement-breakpoint
CREATE TABLE `archived_states` (
	`rowid` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `archived_suggestions` (
	`room` text NOT NULL,
	`suggestion_id` text NOT NULL,
	`signal_key` text,
	`status` text NOT NULL,
	`events` text NOT NULL,
	`archived_at` integer NOT NULL,
	PRIMARY KEY(`room`, `suggestion_id`)
);
--> statement-breakpoint
CREATE INDEX `archived_suggestions_signal` ON `archived_suggestions` (`room`,`signal_key`);--> statement-breakpoint
CREATE TABLE `archived_tasks` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`room` text NOT NULL,
	`task_id` text NOT NULL,
	`closed_at` integer NOT NULL,
	`archived_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text NOT NULL,
	`category` text NOT NULL,
	`priority` text NOT NULL,
	`type` text NOT NULL,
	`queue` text,
	`owner_id` text,
	`origin` text NOT NULL,
	`due_at` integer,
	`private` integer NOT NULL,
	`handoff_pending` integer NOT NULL,
	`tags` text NOT NULL,
	`links` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `archived_tasks_room_task` ON `archived_tasks` (`room`,`task_id`);--> statement-breakpoint
CREATE INDEX `archived_tasks_room_closed` ON `archived_tasks` (`room`,`closed_at`,`task_id`);--> statement-breakpoint
CREATE INDEX `archived_tasks_room_owner` ON `archived_tasks` (`room`,`owner_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `archived_tasks_room_type` ON `archived_tasks` (`room`,`type`,`closed_at`);--> statement-breakpoint
CREATE INDEX `archived_tasks_room_updated` ON `archived_tasks` (`room`,`updated_at`);--> statement-breakpoint
CREATE TABLE `room_generations` (
	`room` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL,
	`started_at` integer NOT NULL
);
--> statement-breakpoint
-- Hand-written (drizzle has no virtual tables): full-text search over archived tasks. Trigram
-- tokens match substrings, case-insensitively, like the filter bar's free text; rowid is
-- archived_tasks.rowid (archive-store.ts writes and deletes both in one transaction).
CREATE VIRTUAL TABLE `archive_fts` USING fts5(`title`, `description`, `comments`, `links`, `tags`, tokenize = 'trigram');
