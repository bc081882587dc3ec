CREATE TABLE `archived_task_tags` (
	`task` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`task`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `archived_task_tags_tag` ON `archived_task_tags` (`tag`,`task`);--> statement-breakpoint
-- Hand-written: the tags of tasks archived before this table existed.
INSERT OR IGNORE INTO `archived_task_tags` (`task`, `tag`) SELECT a.`rowid`, j.`value` FROM `archived_tasks` a, json_each(a.`tags`) j WHERE j.`type` = 'text';
