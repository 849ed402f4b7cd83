// Answers of the kind members of the public write to a council's consultation (invented, with
// invented people and the reserved example numbers and domains), each personal datum marked up as
// {{kind:text}}. The rest is deliberately full of what looks like personal data and is not: road
// numbers, planning references, sums, dates, places, councils, names of bodies and verbs that are
// also first names. personal-data.test.ts measures the detector's misses and false alarms on it.
import type { PersonalDataKind } from "./personal-data";

export type FixtureAnswer = { respondentName?: string; text: string };

export const FIXTURE: FixtureAnswer[] = [
  {
    respondentName: "Janet Hargreaves",
    text: "I have lived on Station Road for 30 years. The bus to Dereham is always late and I have written to the council twice. My name is {{own:Janet Hargreaves}} and you can reach me on {{phone:01362 656870}}.",
  },
  {
    respondentName: "Peter Okafor",
    text: "The A47 junction at Easton is dangerous. Please fund the B1108 improvements before more homes are built. 10,000 new homes by 2036 is too many for the infrastructure we have.",
  },
  {
    text: "Our neighbour {{person:John Smith}} parks across the dropped kerb every morning and the enforcement officer never comes. Write to me at {{email:r.patel@example.com}}.",
  },
  {
    respondentName: "Susan Blake",
    text: "I agree with the proposal. Planning application 3PL/2024/0123/F should not have been approved. {{own:Sue Blake}}, {{postcode:NR19 1EE}}.",
  },
  {
    text: "The cost of £12,500 per year for the library is good value. It opened on 01/04/2015 and serves 4,000 people. Thetford needs it more than ever.",
  },
  {
    text: "{{person:Cllr Brown}} promised at the meeting in March that the footpath would be repaired. Nothing has happened.",
  },
  {
    text: "My son has autism and the school transport service has been excellent. His teacher {{person:Mrs Khan}} has gone above and beyond.",
  },
  {
    text: "Please call me on {{phone:07700 900123}} or {{phone:+44 (0)20 7946 0958}} if you need more detail about the flooding at number 14.",
  },
  {
    respondentName: "David Lee",
    text: "Breckland Council should work with Norfolk County Council and the NHS trust on social prescribing. The Local Strategic Partnership has been slow to act.",
  },
  {
    text: "I am writing on behalf of my mother, {{person:Margaret Thompson}}, who cannot use the internet. She is 87 and relies on the community bus.",
  },
  {
    text: "Bill the parish for the grass cutting rather than raising council tax. We will support it if the precept stays below 5%.",
  },
  {
    text: "Green Lane and Church Close flood every winter. The drains on Mill Road have not been cleared since 2019.",
  },
  {
    text: "My NI number is {{ni:JT 12 34 56 C}} and I was refused the council tax reduction. Reference ODPM-7K3F-92QX.",
  },
  {
    respondentName: "Ahmed Hassan",
    text: "As chair of the residents' association I, {{own:Ahmed Hassan}}, object. Contact {{email:ahmed.hassan@example.org.uk}}.",
  },
  {
    text: "The new leisure centre in Swaffham is excellent but parking costs £1.50 an hour. Open 7am to 10pm would help shift workers.",
  },
  {
    text: "{{person:Dr Patel}} at the surgery said the waiting list is 18 weeks. People in {{postcode:IP24 3AB}} and beyond are waiting far too long.",
  },
  {
    text: "I spoke to {{person:Emma Wilson}} in the planning department and she was very helpful, but the policy itself is wrong.",
  },
  {
    text: "Question 7: yes. Question 8: no, the 2025/26 budget should protect youth services. Section 106 money must be spent locally.",
  },
  {
    text: "Please do not publish my address, {{postcode:PE37 7DQ}}. My phone is {{phone:01760 722 123}}.",
  },
  {
    text: "Councils across Norfolk have cut bus subsidies by 40% since 2010. Routes 8 and 10 now run every two hours.",
  },
  {
    text: "My husband {{person:Mark}} and I both use the tip at Dereham. Mark my words, closing it will lead to fly-tipping.",
  },
  {
    text: "The village hall committee (chair: {{person:Mr Geoffrey Hall}}) would like to run the warm space again this winter.",
  },
  {
    text: "Text me on {{phone:07700-900-456}} when the consultation event is arranged. Call 999 in an emergency, 111 otherwise.",
  },
  {
    text: "I support option B. The council's consultation in 2019 reached 1,234 respondents, and 56% agreed.",
  },
  {
    respondentName: "Linda Carter",
    text: "Linden trees on the green should stay. {{own:Carter}} family have lived here for generations.",
  },
  {
    text: "The police and crime commissioner should fund more PCSOs. Anti-social behaviour near the Co-op is worse after 9pm.",
  },
  {
    text: "Email {{email:parish.clerk@example.gov.uk}} for the parish council's formal response, which follows separately.",
  },
  {
    text: "My daughter {{person:Chloe}} was hit by a car outside Northgate High School. A 20mph limit is needed now.",
  },
  {
    text: "We need affordable homes for young people. House prices in Watton are 9 times average earnings.",
  },
  {
    text: "I rang the helpline on 0300 123 4567 three times and nobody answered. Staff at the contact centre were rude.",
  },
  {
    text: "{{person:Rev Andrew Mills}} of St Mary's has offered the church for the drop-in sessions on Tuesdays.",
  },
  {
    text: "The consultation document on page 12 says 2,500 homes but the plan in appendix B says 3,200. Which is it?",
  },
  {
    respondentName: "Grace Oduya",
    text: "I am disabled and cannot reach the bus stop on Norwich Road. {{own:Grace}}",
  },
  {
    text: "Write to {{person:Tom Baker}} at {{postcode:NR20 4AB}} who runs the food bank, he will tell you what is needed.",
  },
  {
    text: "Will the council publish the results? I hope so. May is a better month for the meeting than June.",
  },
];

/**
 * Written after the detector was tuned on FIXTURE and never tuned against: its figures are the
 * honest ones (the test prints both and holds this one to lower floors).
 */
export const HELD_OUT: FixtureAnswer[] = [
  {
    respondentName: "Oliver Bennett",
    text: "I run the post office in Attleborough with my wife {{person:Helen}}. Footfall has dropped since the car park charges began. {{own:Oliver}}",
  },
  {
    text: "The health visitor, {{person:Ms Priya Sharma}}, told us the clinic at the Cornerstone Centre is closing. Where will parents in Hingham go?",
  },
  {
    text: "Ring {{phone:01953 850 311}} and ask for {{person:Kevin}}, he organises the litter picks along the Wissey every month.",
  },
  {
    text: "The 2023 survey said 62% of residents wanted more CCTV in Market Place. The report (ref BDC/CS/2023/14) is on your website.",
  },
  {
    text: "{{person:Jack Robinson}} and {{person:Sophie Turner}} from the youth club presented to the committee on 12 May and were ignored.",
  },
  {
    text: "Send the outcome to {{email:k.obrien@example.net}} please, and to my address at {{postcode:NR17 2AX}}.",
  },
  {
    text: "My late father {{person:Harold Green}} campaigned for this bypass for 40 years. Finish it.",
  },
  {
    respondentName: "Fatima Begum",
    text: "I do not feel safe walking home from Brandon station after dark. The lighting on Victoria Avenue is poor. — {{own:F. Begum}}",
  },
  {
    text: "Our MP {{person:Sarah Collins}} has supported the petition, which 2,300 people signed online and on paper.",
  },
  {
    text: "I work nights at the hospital and the 36 bus stops at 11pm. My number is {{phone:07911 123456}} if you want to talk.",
  },
  {
    text: "Mr and Mrs {{person:Daniels}} next door have complained about the noise from the new depot too.",
  },
  {
    text: "Please keep the Sunday service on the X1 route. Norwich to Peterborough is a lifeline for students at the college.",
  },
];

export type Expected = { kind: PersonalDataKind; start: number; end: number; text: string };

const KIND: Record<string, PersonalDataKind> = {
  email: "email",
  phone: "phone",
  postcode: "postcode",
  ni: "ni_number",
  own: "own_name",
  person: "person_name",
};

/** The answer's plain text and where its marked-up personal data are. */
export function parseFixture(marked: string): { text: string; expected: Expected[] } {
  const expected: Expected[] = [];
  let text = "";
  const re = /\{\{(\w+):([^}]+)\}\}/g;
  let last = 0;
  for (let m = re.exec(marked); m; m = re.exec(marked)) {
    text += marked.slice(last, m.index);
    const kind = KIND[m[1]!];
    if (!kind) throw new Error(`unknown kind ${m[1]}`);
    expected.push({ kind, start: text.length, end: text.length + m[2]!.length, text: m[2]! });
    text += m[2];
    last = m.index + m[0].length;
  }
  text += marked.slice(last);
  return { text, expected };
}
