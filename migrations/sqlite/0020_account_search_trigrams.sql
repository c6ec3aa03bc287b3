-- An account search that matches few accounts finds them through a
-- trigram index instead of testing every account's text (a contains-search
-- cannot use a B-tree). FTS5's trigram tokenizer indexes every three
-- characters, so a quoted phrase matches any substring of three or more.
-- The table keeps its own copy of the text and the account's id (accounts
-- have a TEXT key; their rowids may change on VACUUM, so they are not used).
CREATE VIRTUAL TABLE account_search USING fts5(search_text, account_id UNINDEXED, tokenize = 'trigram');
INSERT INTO account_search (search_text, account_id) SELECT search_text, id FROM accounts;
CREATE TRIGGER account_search_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO account_search (search_text, account_id) VALUES (new.search_text, new.id);
END;
-- Only a change of name rewrites the text (accounts are not deleted).
CREATE TRIGGER account_search_update AFTER UPDATE OF search_text ON accounts BEGIN
    DELETE FROM account_search WHERE account_id = old.id;
    INSERT INTO account_search (search_text, account_id) VALUES (new.search_text, new.id);
END;
CREATE TRIGGER account_search_delete AFTER DELETE ON accounts BEGIN
    DELETE FROM account_search WHERE account_id = old.id;
END;
