ALTER TABLE `archived_suggestions` ADD `generation` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `archived_tasks` ADD `generation` integer DEFAULT 0 NOT NULL;