-- Custom SQL migration (drizzle-kit generate --custom): the excerpt of a long answer in search
-- results (lib/collation searchStatements), made from a window around its matches instead of
-- the whole text. ts_headline parses all the text it is given and its cost grows faster than the
-- text: 2.0 ms for 10,000 characters and 25 ms for 100,000, so a page of 25 long answers spent
-- 22 ms to 330 ms making excerpts. The search page calls this only for an answer longer than
-- EXCERPT_WHOLE_UP_TO bytes; written in SQL in the page's statement it cost every search (short
-- answers too) a third more planning, here it costs them nothing.
--
-- The window reaches `radius` characters either side of the first places where the query's
-- stems appear as text (each stem less its last letter, as English stems end in "i" for "y";
-- none shorter than 3 letters; as written, capitalised or in capitals), in whole words. It gives
-- NULLs (the caller then makes the excerpt from the whole answer) where no stem is found, where
-- the words are further apart than `radius`, or where the window's excerpt marks no match (a
-- stem found inside another word). The excerpt's options are the page's (lib/collation/highlight
-- markers), and cut_start / cut_end say whether the excerpt leaves out the answer's start or end.
CREATE TYPE search_excerpt AS (headline text, cut_start boolean, cut_end boolean);
--> statement-breakpoint
CREATE FUNCTION search_excerpt_window(doc text, q tsquery, radius integer) RETURNS search_excerpt
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  result search_excerpt;
  marks constant text := chr(57344) || chr(57345);
  stem text;
  found_at integer;
  first_at integer;
  last_at integer;
  start_at integer;
  len integer;
  seg text;
  more boolean;
  src text;
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
    RETURN result;
  END IF;
  start_at := greatest(1, first_at - radius);
  len := last_at + radius - start_at + 1;
  -- One character more than the window, to know whether the answer goes on past it.
  seg := substring(doc FROM start_at FOR len + 1);
  more := length(seg) > len;
  src := left(seg, len);
  IF start_at > 1 THEN
    src := regexp_replace(src, '^\S*\s+', '');
  END IF;
  IF more THEN
    src := regexp_replace(src, '\s+\S*$', '');
  END IF;
  src := translate(src, marks, '');
  result.headline := ts_headline('english', src, q, 'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', MinWords=20, MaxWords=50');
  IF strpos(result.headline, chr(57344)) = 0 THEN
    RETURN (NULL, NULL, NULL)::search_excerpt;
  END IF;
  result.cut_start := start_at > 1 OR left(src, 12) <> left(translate(result.headline, marks, ''), 12);
  result.cut_end := more OR rtrim(right(rtrim(src, ' .!?,;:' || chr(10)), 12), ' .!?,;:')
    <> rtrim(right(rtrim(translate(result.headline, marks, ''), ' .!?,;:' || chr(10)), 12), ' .!?,;:');
  RETURN result;
END
$$;
