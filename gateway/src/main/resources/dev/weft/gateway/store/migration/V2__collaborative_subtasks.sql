-- Collaborative subtasks (S1.10): the task list keeps whether an entry is one, and
-- the result list keeps the exchange manifest its result is submitted with.
ALTER TABLE task_list ADD COLUMN collaborative INTEGER NOT NULL DEFAULT 0;
ALTER TABLE result_list ADD COLUMN manifest_json TEXT;
