// A seeded generator of free-text consultation answers from planted themes, for the quality
// benchmark (bench/themes.ts), tests and demo content: each answer paraphrases one theme (with
// sentences drawn from templates and synonyms), sometimes touches a second theme, carries
// everyday filler and typos, and varies in length; a share are off-topic and some are copies
// of a campaign text. The true theme of every answer is returned with it.
import { seededRandom } from "./random";

type Slots = Record<string, string[]>;
type PlantedTheme = { id: string; name: string; share: number; slots: Slots; templates: string[] };

const THEMES: PlantedTheme[] = [
  {
    id: "parking", name: "Parking charges in the town centre", share: 1.2,
    slots: {
      park: ["car park", "car parks", "parking", "car parking", "parking spaces"],
      charge: ["charges", "fees", "prices", "tariffs", "costs"],
      up: ["going up", "rising", "increasing", "being raised", "doubling"],
      shop: ["shops", "high street", "traders", "local businesses", "market"],
    },
    templates: [
      "The {park} {charge} are far too high and keep {up}.",
      "Higher {park} {charge} will drive people away from the {shop}.",
      "Please keep the first hour of {park} free so people can visit the {shop}.",
      "I no longer drive into town because the {park} {charge} are {up}.",
      "Free {park} on Saturdays would bring life back to the {shop}.",
      "Nobody can afford the new {park} {charge} for a short trip to the {shop}.",
    ],
  },
  {
    id: "buses", name: "Rural bus services", share: 1.1,
    slots: {
      bus: ["bus service", "buses", "bus route", "bus services", "the number 12 bus"],
      cut: ["cut", "reduced", "withdrawn", "axed", "cancelled"],
      village: ["villages", "rural areas", "outlying villages", "the countryside", "our village"],
      people: ["older people", "pensioners", "people without a car", "young people", "disabled residents"],
    },
    templates: [
      "The {bus} to the {village} has been {cut} and {people} are stranded.",
      "Without a regular {bus} {people} cannot get to hospital appointments.",
      "Please restore the evening {bus} for the {village}.",
      "{people} rely on the {bus} and it must not be {cut} again.",
      "A reliable {bus} would link the {village} to jobs in town.",
      "Since the {bus} was {cut} {people} in the {village} feel isolated.",
    ],
  },
  {
    id: "housing", name: "Affordable housing for local people", share: 1.3,
    slots: {
      homes: ["affordable homes", "affordable housing", "social housing", "council houses", "starter homes"],
      young: ["young families", "first time buyers", "local young people", "key workers", "our children"],
      rent: ["rents", "house prices", "private rents", "deposits", "mortgages"],
      build: ["build", "deliver", "provide", "prioritise", "plan for"],
    },
    templates: [
      "We urgently need to {build} more {homes} for {young}.",
      "{young} are priced out because {rent} are far beyond local wages.",
      "New developments should {build} a higher share of {homes}.",
      "The council must {build} {homes} so {young} can stay in the area.",
      "{rent} have risen so much that {young} are leaving the district.",
      "Any housing target should {build} genuinely {homes} rather than executive homes.",
    ],
  },
  {
    id: "green", name: "Protect parks and green spaces", share: 1.0,
    slots: {
      green: ["green spaces", "parks", "playing fields", "the common", "open spaces"],
      protect: ["protected", "kept", "preserved", "safeguarded", "looked after"],
      nature: ["wildlife", "trees", "nature", "hedgerows", "the meadows"],
      build: ["building on", "development of", "housing on", "selling off", "concreting over"],
    },
    templates: [
      "Our {green} must be {protect} for future generations.",
      "I strongly oppose {build} {green} where children play.",
      "{nature} and {green} are vital for mental health and must be {protect}.",
      "Please stop {build} the {green} and plant more {nature}.",
      "The {green} near the river should be {protect} from {build} them.",
      "Losing {green} would harm {nature} and the character of the town.",
    ],
  },
  {
    id: "roads", name: "Potholes and road maintenance", share: 1.0,
    slots: {
      hole: ["potholes", "pot holes", "road surfaces", "damaged roads", "crumbling roads"],
      fix: ["fixed", "repaired", "filled", "resurfaced", "sorted out"],
      danger: ["dangerous for cyclists", "damaging cars", "a danger to drivers", "a hazard", "unsafe at night"],
      road: ["roads", "lanes", "the main road", "residential streets", "country lanes"],
    },
    templates: [
      "The {hole} on the {road} are {danger} and never get {fix}.",
      "Please get the {hole} {fix} properly instead of patching them.",
      "The state of the {road} is shocking, with {hole} everywhere.",
      "I reported the {hole} months ago and they are still not {fix}.",
      "Spend the money on {road} maintenance: the {hole} are {danger}.",
      "The {road} need to be {fix} before someone is hurt by the {hole}.",
    ],
  },
  {
    id: "bins", name: "Bin collections and recycling", share: 0.9,
    slots: {
      bins: ["bin collections", "bins", "refuse collections", "waste collections", "the green bin"],
      weekly: ["weekly", "fortnightly", "every week", "regular", "reliable"],
      recycle: ["recycling", "food waste", "garden waste", "plastics recycling", "the tip"],
      missed: ["missed", "late", "skipped", "forgotten", "unreliable"],
    },
    templates: [
      "We need {weekly} {bins} and better {recycle}.",
      "Our {bins} are often {missed} and rubbish piles up in the street.",
      "Please keep {weekly} {bins} and do not charge for {recycle}.",
      "{recycle} should be expanded to cover more kinds of plastic.",
      "The {bins} have become {missed} since the new contract started.",
      "Charging for {recycle} will only lead to more fly tipping.",
    ],
  },
  {
    id: "library", name: "Keep libraries open", share: 0.8,
    slots: {
      library: ["library", "libraries", "the branch library", "our local library", "mobile library"],
      close: ["closing", "closure of", "cutting hours at", "shutting", "selling"],
      use: ["children", "students", "older residents", "job seekers", "families"],
      need: ["a lifeline", "a warm safe space", "essential", "the heart of the community", "a vital service"],
    },
    templates: [
      "The {library} is {need} for {use} and must stay open.",
      "I am against {close} the {library}.",
      "{use} depend on the {library} for computers and books.",
      "{close} the {library} would be a false economy.",
      "Keep the {library} open longer: it is {need}.",
      "Without the {library} {use} would lose {need}.",
    ],
  },
  {
    id: "youth", name: "Youth services and activities", share: 0.7,
    slots: {
      youth: ["youth club", "youth services", "activities for teenagers", "youth workers", "things for young people to do"],
      bored: ["bored", "hanging around", "getting into trouble", "with nowhere to go", "isolated"],
      fund: ["funding", "investment", "support", "money", "resources"],
    },
    templates: [
      "There are no {youth} so teenagers end up {bored}.",
      "Please bring back the {youth} with proper {fund}.",
      "Cutting {youth} leaves young people {bored} in the evenings.",
      "More {fund} for {youth} would reduce antisocial behaviour.",
      "The {youth} closed and now kids are {bored}.",
    ],
  },
  {
    id: "flooding", name: "Flooding and drainage", share: 0.6,
    slots: {
      flood: ["flooding", "floods", "flood water", "surface water", "the river flooding"],
      drain: ["drains", "drainage", "gullies", "ditches", "culverts"],
      blocked: ["blocked", "never cleared", "overflowing", "neglected", "inadequate"],
      home: ["homes", "gardens", "the road", "our street", "properties"],
    },
    templates: [
      "{flood} reaches {home} every winter because the {drain} are {blocked}.",
      "The {drain} are {blocked} and {flood} is getting worse.",
      "No more building on the flood plain: {flood} already affects {home}.",
      "Please clear the {drain} before the next {flood}.",
      "Insurance is impossible since {flood} damaged {home}.",
    ],
  },
  {
    id: "cycling", name: "Safe cycling and walking routes", share: 0.6,
    slots: {
      cycle: ["cycle lanes", "cycle paths", "bike lanes", "safe cycling routes", "cycleways"],
      walk: ["footpaths", "pavements", "walking routes", "crossings", "safe routes to school"],
      traffic: ["traffic", "speeding cars", "lorries", "busy roads", "rat running"],
    },
    templates: [
      "We need proper {cycle} separated from {traffic}.",
      "Children cannot walk or cycle to school because of {traffic}; we need {walk}.",
      "Joined up {cycle} and better {walk} would cut {traffic}.",
      "The painted {cycle} stop suddenly and leave cyclists among {traffic}.",
      "Please invest in {walk} and {cycle} rather than more roads.",
    ],
  },
  {
    // A minority view that must survive as its own theme rather than vanish into a big cluster.
    id: "dogs", name: "Dog fouling", share: 0.25,
    slots: {
      dog: ["dog fouling", "dog mess", "dog poo", "dog waste"],
      bin: ["dog bins", "poo bins", "waste bins", "wardens"],
    },
    templates: [
      "{dog} on the pavements is disgusting and we need more {bin}.",
      "Please fine owners for {dog} and provide {bin}.",
      "The playing field is covered in {dog}; where are the {bin}?",
    ],
  },
];

const OPENERS = [
  "I have lived here for {years} years.", "As a parent of two young children,", "Speaking as a retired resident,",
  "Thank you for the chance to comment.", "I am responding on behalf of my household.", "Having read the proposals,",
  "As someone who works in the town,", "First of all,", "To be honest,", "I run a small business here and",
];
const CLOSERS = [
  "Please listen to residents this time.", "I hope the council takes this seriously.", "Thank you.",
  "This matters a great deal to my family.", "Other towns manage it, so why can't we?", "Many of my neighbours agree.",
  "It is about time something was done.", "I would be happy to discuss this further.",
];
// Off-topic answers are varied, as real ones are: random subjects with random remarks.
const OFF_SUBJECTS = [
  "the weather", "my cat", "the football", "the new supermarket", "a documentary I watched", "broadband", "my grandson",
  "this form", "the morning tea", "our holiday in Cornwall", "the national government", "the television licence",
  "this question", "Brexit", "the hospital food", "electric cars", "my neighbour's hedge", "the price of petrol",
  "the church bells", "my pension", "the phone signal", "the local paper", "my garden", "energy bills", "the village fete",
  "interest rates", "the cricket club", "my dentist", "the royal family", "the lottery", "social media", "my allotment",
  "the train strike", "the price of bread", "the school holidays", "the general election", "my knee operation",
  "the parish magazine", "online banking", "the heatwave",
];
const OFF_REMARKS = [
  "has been terrible lately", "is getting worse every year", "was lovely last week", "costs far too much", "is a mystery to me",
  "keeps me busy", "was on the news again", "should be simpler", "made me laugh", "is nothing to do with the council",
  "ruined my weekend", "is better than it used to be", "needs a complete rethink", "was cancelled again",
  "gave me a headache", "is all anyone talks about", "surprised everyone", "is not what it was", "should be scrapped",
  "deserves more attention",
];
const OFF_TOPIC_SENTENCE = (pick: <T>(xs: readonly T[]) => T) => `${pick(OFF_SUBJECTS)} ${pick(OFF_REMARKS)}.`;
const CAMPAIGN =
  "I object in the strongest terms to the proposed closure of Riverside Community Centre. It is used every day by groups of all ages and there is no alternative venue in the ward. Save Riverside Community Centre.";

export type PlantedAnswer = { id: string; text: string; theme: string };
export type PlantedOptions = {
  count: number;
  seed: number;
  offTopicShare?: number;
  campaignShare?: number;
  /** How many of the planted themes to use (the first n; the last, "dog fouling", is a minority view). */
  themes?: number;
  /** Share of answers that also touch a second theme (default 0.15). */
  mixShare?: number;
  /** Share of one-sentence answers (default 0.1). */
  shortShare?: number;
};

export const PLANTED_THEME_NAMES: Record<string, string> = Object.fromEntries([
  ...THEMES.map((t) => [t.id, t.name]),
  ["campaign", "Save Riverside Community Centre (campaign)"],
  ["off-topic", "Off topic"],
]);

/** Generate `count` answers; every answer's true theme is in `theme` ("off-topic" for noise). */
export function generatePlantedAnswers(opts: PlantedOptions): PlantedAnswer[] {
  const rand = seededRandom(opts.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const themes = THEMES.slice(0, opts.themes ?? THEMES.length);
  const totalShare = themes.reduce((s, t) => s + t.share, 0);
  const offTopic = opts.offTopicShare ?? 0.1;
  const campaign = opts.campaignShare ?? 0.03;
  const fill = (template: string, slots: Slots) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => (name === "years" ? String(2 + Math.floor(rand() * 40)) : pick(slots[name] ?? [name])));
  const typo = (text: string) =>
    text.replace(/[a-z]{4,}/g, (w) => {
      if (rand() > 0.03) return w;
      const i = 1 + Math.floor(rand() * (w.length - 2));
      return rand() < 0.5 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i) + w.slice(i + 1);
    });
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const sentence = (s: string) => s[0].toUpperCase() + s.slice(1);
  const out: PlantedAnswer[] = [];
  for (let n = 0; n < opts.count; n++) {
    const id = `a${String(n + 1).padStart(6, "0")}`;
    const r = rand();
    if (r < offTopic) {
      const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => OFF_TOPIC_SENTENCE(pick)).map((x) => x[0].toUpperCase() + x.slice(1));
      out.push({ id, text: parts.join(" "), theme: "off-topic" });
      continue;
    }
    if (r < offTopic + campaign) {
      // Campaign copies: the same text, sometimes signed or lightly edited.
      let text = CAMPAIGN;
      if (rand() < 0.4) text += ` ${pick(["J. Smith", "A resident", "Signed, the Patel family", "Mrs Brown", "From a Riverside user"])}`;
      if (rand() < 0.3) text = text.replace("strongest terms", "strongest possible terms");
      out.push({ id, text, theme: "campaign" });
      continue;
    }
    let t = rand() * totalShare;
    let theme = themes[0];
    for (const candidate of themes) {
      t -= candidate.share;
      if (t <= 0) {
        theme = candidate;
        break;
      }
    }
    // Mixed lengths: one to four sentences of the theme, with filler around them.
    const sentences = rand() < (opts.shortShare ?? 0.1) ? 1 : 2 + Math.floor(rand() * 4);
    const templates = shuffle([...theme.templates]).slice(0, sentences);
    const parts = templates.map((tpl) => sentence(fill(tpl, theme.slots)));
    if (rand() < (opts.mixShare ?? 0.15)) {
      const other = pick(themes.filter((x) => x !== theme));
      parts.splice(1, 0, sentence(fill(pick(other.templates), other.slots)));
    }
    if (rand() < 0.55) {
      const opener = fill(pick(OPENERS), {});
      parts[0] = opener.endsWith(",") || opener.endsWith("and") ? `${opener} ${parts[0][0].toLowerCase()}${parts[0].slice(1)}` : `${opener} ${parts[0]}`;
    }
    if (rand() < 0.45) parts.push(pick(CLOSERS));
    out.push({ id, text: typo(parts.join(" ")), theme: theme.id });
  }
  return out;
}
