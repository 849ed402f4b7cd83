-- Custom SQL migration (drizzle-kit generate --custom): the excerpt of a long answer in search
-- results (lib/collation searchStatements), made from a window around its matches instead of
-- the whole text. ts_headline parses all the text it is given and its cost grows faster than the
-- text: 2.0 ms for 10,000 characters and 25 ms for 100,000, so a page of 25 long answers spent
-- 22 ms to 430 ms making excerpts. The search page calls this only for an answer longer than
-- EXCERPT_WHOLE_UP_TO bytes; written in SQL in the page's statement it cost every search (short
-- answers too) a third more planning, here it costs them nothing.
--
-- The window reaches `radius` characters either side of the first places where the query's
-- stems appear as text (each stem less its last letter, as English stems end in "i" for "y";
-- none shorter than 3 letters; as written, capitalised or in capitals), in whole words, with the
-- highlight's two characters taken out. Its excerpt is used only if it matches the query itself
-- (a stem found inside another word, or the words of a phrase found apart, would put the window
-- where the query does not match). Otherwise, or where no stem is found or the words are further
-- apart than `radius`, it gives NULLs and the caller makes the excerpt from the whole answer.
--
-- Gives the excerpt (`opts` are ts_headline's options), the text it was made from, and whether
-- that text leaves out the answer's start (cut_before) or end (cut_after); the page compares the
-- excerpt with that text for the rest, as it does with a short answer.
CREATE TYPE search_excerpt AS (headline text, source text, cut_before boolean, cut_after boolean);
--> statement-breakpoint
CREATE FUNCTION search_excerpt_window(doc text, q tsquery, radius integer, opts text) RETURNS search_excerpt
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
  -- The excerpt must match the query itself (parsing its 50 words, not the window again).
  IF NOT to_tsvector('english', translate(excerpt, chr(57344) || chr(57345), '')) @@ q THEN
    RETURN NULL;
  END IF;
  RETURN (excerpt, src, start_at > 1, length(seg) > len)::search_excerpt;
END
$$;
