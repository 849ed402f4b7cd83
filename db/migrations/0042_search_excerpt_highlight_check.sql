-- Custom SQL migration (drizzle-kit generate --custom): search_excerpt_window (migration 0028)
-- checks that its window's excerpt matches the query by parsing the excerpt again with
-- to_tsvector, which cost as much as making the excerpt itself (0.03 ms for its ~50 words against
-- 0.04 ms for ts_headline on a 400-character window). The search page now takes excerpts from a
-- window for answers of more than a few hundred characters (lib/collation EXCERPT_WHOLE_UP_TO),
-- so that check ran for most answers on a page. For a query of one word (one lexeme, the common
-- case) the excerpt matches exactly when ts_headline marked a word in it, which it says with the
-- highlight's start character: that is checked instead. Queries of several words, phrases and
-- exclusions are checked by parsing, as before (a marked word is then not enough: ts_headline
-- marks any of the query's words).
CREATE OR REPLACE FUNCTION search_excerpt_window(doc text, q tsquery, radius integer, opts text) RETURNS search_excerpt
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  stem text;
  found_at integer;
  first_at integer;
  last_at integer;
  start_at integer;
  len integer;
  seg text;
  src text;
  excerpt text;
BEGIN
  -- Read (detoasted) once, not once for each function below.
  doc := doc || '';
  FOREACH stem IN ARRAY array(SELECT DISTINCT left(l, greatest(3, length(l) - 1))
                              FROM unnest(tsvector_to_array(to_tsvector('simple', querytree(q)))) l WHERE length(l) >= 3) LOOP
    found_at := least(nullif(strpos(doc, stem), 0), nullif(strpos(doc, initcap(stem)), 0), nullif(strpos(doc, upper(stem)), 0));
    IF found_at IS NOT NULL THEN
      first_at := least(first_at, found_at);
      last_at := greatest(last_at, found_at);
    END IF;
  END LOOP;
  IF first_at IS NULL OR last_at - first_at > radius THEN
    RETURN NULL;
  END IF;
  start_at := greatest(1, first_at - radius);
  len := last_at + radius - start_at + 1;
  -- One character more than the window, to know whether the answer goes on past it.
  seg := substring(doc FROM start_at FOR len + 1);
  src := left(seg, len);
  IF start_at > 1 THEN
    src := regexp_replace(src, '^\S*\s+', '');
  END IF;
  IF length(seg) > len THEN
    src := regexp_replace(src, '\s+\S*$', '');
  END IF;
  src := translate(src, chr(57344) || chr(57345), '');
  excerpt := ts_headline('english', src, q, opts);
  -- The excerpt must match the query itself: for one word, a word marked in it with the start
  -- character of the search page's options (the window's own were taken out above; other
  -- options give NULL here, and the caller the whole answer's excerpt); otherwise parsing its
  -- 50 words, not the window again.
  IF numnode(q) = 1 THEN
    IF strpos(excerpt, chr(57344)) = 0 THEN
      RETURN NULL;
    END IF;
  ELSIF NOT to_tsvector('english', translate(excerpt, chr(57344) || chr(57345), '')) @@ q THEN
    RETURN NULL;
  END IF;
  RETURN (excerpt, src, start_at > 1, length(seg) > len)::search_excerpt;
END
$$;
