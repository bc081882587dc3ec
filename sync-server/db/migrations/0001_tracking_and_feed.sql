CREATE TABLE `task_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`room` text NOT NULL,
	`task_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`actor` text NOT NULL,
	`json` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_events_room_event` ON `task_events` (`room`,`event_id`);--> statement-breakpoint
CREATE INDEX `task_events_room_seq` ON `task_events` (`room`,`seq`);--> statement-breakpoint
CREATE TABLE `tracked_sources` (
	`room` text NOT NULL,
	`source_id` text NOT NULL,
	`mapping` text NOT NULL,
	`tracking` integer NOT NULL,
	`template` integer NOT NULL,
	`deleted` integer NOT NULL,
	`json` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`room`, `source_id`)
);
