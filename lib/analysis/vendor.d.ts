// Types for the two small NLP packages the analysis pipeline uses (neither ships its own).
declare module "wink-porter2-stemmer" {
  const stem: (word: string) => string;
  export default stem;
}
declare module "stopword" {
  export const eng: string[];
  export function removeStopwords(tokens: string[], stopwords?: string[]): string[];
}
