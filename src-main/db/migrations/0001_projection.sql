CREATE TABLE `task_links` (
	`task_id` text NOT NULL,
	`kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`label` text NOT NULL,
	`url` text,
	PRIMARY KEY(`task_id`, `kind`, `entity_id`),
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `task_links_entity` ON `task_links` (`kind`,`entity_id`);--> statement-breakpoint
CREATE TABLE `task_tags` (
	`task_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`task_id`, `tag`),
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `task_tags_tag` ON `task_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`category` text NOT NULL,
	`priority` text NOT NULL,
	`type` text NOT NULL,
	`queue` text,
	`owner_id` text,
	`due_at` text,
	`start_at` text,
	`snooze_until` text,
	`parent_id` text,
	`private` integer NOT NULL,
	`origin` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`state_json` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tasks_owner_due` ON `tasks` (`owner_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_due` ON `tasks` (`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_category` ON `tasks` (`category`);