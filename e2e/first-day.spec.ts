// What a new user met on day one (issue 20, "small things that look unfinished"): the home page
// for someone not signed in, a favicon, the reference code an officer sets and a partner's
// receipt shows, a chapter of optional questions completed once saved, the review page's
// comment boxes and who records the resolution, and stages read by name. Creates its own
// consultations; the seeded ones are only read.
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectNoAxeViolations, signInAs } from "./fixtures";

const RUN = Date.now().toString(36);
const PARKS = `Parks and open spaces ${RUN}`;
const ANSWERS = `Town centre answers ${RUN}`;

/** A question set with a past stage and one under way, opening yesterday. */
function questionSet(title: string, kind: "questionnaire" | "consultation_to_answer") {
  return {
    format: "council-consult/question-set",
    formatVersion: 1,
    title,
    kind,
    ...(kind === "consultation_to_answer" ? { askedBy: "ODPM", responseDeadline: "@+40d" } : {}),
    opensOn: "@-1d",
    closesOn: "@+20d",
    stages: [
      { name: "Scoping", startsOn: "@-30d", dueOn: "@-10d" },
      { name: "Comment on the evidence base", startsOn: "@-2d", dueOn: "@+15d" },
    ],
    chapters: [
      { title: "About you", questions: [{ number: "1", type: "short_text", text: "What is your role?", required: false }] },
      {
        title: "Anything else",
        questions: [
          { number: "2", type: "long_text", text: "Is there anything else you would like to add?", required: false },
          { number: "3", type: "long_text", text: "Who else should we ask?", required: false },
        ],
      },
    ],
  };
}

/** Import a question set as the officer; returns the new consultation's id. */
async function importSet(page: Page, set: object): Promise<string> {
  await signInAs(page, "officer", "/manage/import");
  await page.goto("/manage/import");
  await page.getByLabel("Or paste the JSON").fill(JSON.stringify(set));
  await page.getByRole("button", { name: "Import file" }).click();
  await expect(page).toHaveURL(/\/manage\/[0-9a-f-]{36}\/edit\?imported=1/);
  return /\/manage\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
}

async function publish(page: Page, id: string) {
  await page.goto(`/manage/${id}`);
  await page.getByRole("button", { name: "Publish" }).click();
  // Nobody is invited to these test consultations, so the officer is asked to confirm first.
  await expect(page.getByTestId("publish-confirm")).toContainText("No one is invited yet. Publish anyway?");
  await page.getByRole("button", { name: "Yes, publish anyway" }).click();
  await expect(page.getByTestId("published-banner")).toContainText("Published as version 1.");
}

test.describe("the home page for someone not signed in", () => {
  test("lists the open consultations and says how to sign in", async ({ page }) => {
    await page.context().clearCookies();
    const res = await page.goto("/");
    expect(res?.status()).toBe(200);
    await expect(page).toHaveURL(/\/$/);
    const home = page.getByTestId("public-home");
    await expect(home.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
    const open = page.getByTestId("open-consultations");
    await expect(open.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true })).toBeVisible();
    // Nothing that is not published shows, and no one's answers.
    await expect(open).not.toContainText("Draft");
    await expect(home.getByRole("heading", { name: "Sign in to respond or to work on a consultation" })).toBeVisible();
    await expect(home.getByText("We email you a link to sign in")).toBeVisible();
    await expectNoAxeViolations(page);

    // The sign-in button is reached by keyboard and goes to the sign-in page.
    const signIn = home.getByRole("button", { name: "Sign in" });
    await signIn.focus();
    await expect(signIn).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { name: "Sign in", exact: true })).toBeVisible();

    // A consultation's page names the stage under way.
    await page.goto("/");
    await open.getByRole("link", { name: "Local Strategic Partnerships: Shaping their Future", exact: true }).click();
    await expect(page.getByTestId("current-stage")).toHaveText("Stage 1: Partners give their views");
  });

  test("a signed-in partner still gets their own work", async ({ page }) => {
    await signInAs(page, "partner");
    await page.goto("/");
    await expect(page.getByTestId("partner-home")).toContainText(`Consultations for ${DEMO.partner.organisation}`);
    await expect(page.getByTestId("public-home")).toHaveCount(0);
    await expect(page.getByTestId("partner-home")).toContainText("Current stage: Stage 1: Partners give their views");
  });
});

test("a favicon is served, and every page links to it", async ({ page }) => {
  const ico = await page.request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  await page.context().clearCookies();
  await page.goto("/");
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const svg = await page.request.get(href!);
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  expect(await svg.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
});

test.describe.serial("an officer sets the reference code; a partner's receipt shows it", () => {
  let id = "";
  let slug = "";

  test("the officer imports a questionnaire, sets its reference code (a bad one is refused at the field) and publishes", async ({ page }) => {
    id = await importSet(page, questionSet(PARKS, "questionnaire"));
    await page.goto(`/manage/${id}`);
    // Until the officer sets one, the title's initials.
    await expect(page.getByTestId("reference-code")).toContainText(/POS[A-Z0-9]+ \(responses get references such as POS[A-Z0-9]+-7K3F-92QX; from the title's initials\)/);
    await expect(page.getByTestId("current-stage")).toHaveText("Stage 2: Comment on the evidence base");

    await page.goto(`/manage/${id}/edit/details`);
    const code = page.getByLabel("Reference code (optional)");
    await expect(code).toHaveValue("");
    await code.fill("P-26");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.locator("#f-referenceCode-error")).toContainText("Reference code must only include letters A to Z and numbers 0 to 9");
    await expect(code).toHaveValue("P-26");
    await expectNoAxeViolations(page);
    await code.fill("parks26");
    await page.getByRole("button", { name: "Save details" }).click();
    // Saved: back on the editor (leaving before then would abandon the save).
    await expect(page).toHaveURL(new RegExp(`/manage/${id}/edit(#details)?$`));
    await expect(page.locator("#f-referenceCode-error")).toHaveCount(0);
    await page.goto(`/manage/${id}`);
    await expect(page.getByTestId("reference-code")).toContainText("PARKS26");
    await expectNoAxeViolations(page);
    await publish(page, id);
  });

  test("a partner answers one optional question, leaves the other chapter empty, and the task list says both are completed", async ({ page }) => {
    await page.context().clearCookies();
    await page.goto("/consultations");
    await page.getByLabel("Search by title").fill(PARKS);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: PARKS }).click();
    await expect(page.getByTestId("current-stage")).toHaveText("Stage 2: Comment on the evidence base");
    slug = /\/consultations\/([a-z0-9-]+)/.exec(page.url())![1]!;

    await signInAs(page, "cvs", `/respond/${slug}`);
    await page.goto(`/respond/${slug}`);
    const chapter = (name: string) => page.getByTestId("task-list").getByRole("listitem").filter({ hasText: name });
    await expect(chapter("Anything else")).toContainText("Not yet started");
    await page.goto(`/respond/${slug}/chapter/1`);
    await page.getByRole("textbox", { name: /^Question 1 / }).fill("Parks volunteer coordinator");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page).toHaveURL(new RegExp(`/respond/${slug}/chapter/2$`));
    // Nothing typed: the questions are optional.
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page).toHaveURL(new RegExp(`/respond/${slug}/check$`));
    await page.goto(`/respond/${slug}`);
    await expect(chapter("About you")).toContainText("Completed");
    await expect(chapter("Anything else")).toContainText("Completed");
    await expect(page.getByText("You have completed 2 of 2 chapters.")).toBeVisible();
    await expect(page.getByText("Stage 2: Comment on the evidence base")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("the partner submits; the confirmation and the emailed receipt carry a PARKS26 reference", async ({ page }) => {
    await signInAs(page, "cvs", `/respond/${slug}/check`);
    await page.goto(`/respond/${slug}/check`);
    await page.getByLabel(/I confirm that I may submit this response/).check();
    await page.getByRole("button", { name: "Submit response" }).click();
    await expect(page).toHaveURL(new RegExp(`/respond/${slug}/confirmation$`));
    const reference = (await page.getByTestId("reference").textContent())!.trim();
    expect(reference).toMatch(/^PARKS26-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    await signInAs(page, "admin", "/admin/outbox");
    const receipt = page.getByTestId("outbox-message").filter({ hasText: `Response received: ${PARKS} (${reference})` });
    await expect(async () => {
      await page.goto(`/admin/outbox?to=${encodeURIComponent(DEMO.cvs.email)}`);
      await expect(receipt.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
  });
});

test("the review page shows a comment box under each answer and says who records the committee's resolution", async ({ page }) => {
  const id = await importSet(page, questionSet(ANSWERS, "consultation_to_answer"));
  await publish(page, id);
  await signInAs(page, "scrutiny", `/manage/${id}/review`);
  await page.goto(`/manage/${id}/review`);
  await expect(page.getByTestId("resolution-who")).toContainText("The officer records the committee's resolution here after the meeting");
  // No toggle to open first: the box is there under each question.
  for (const n of ["1", "2", "3"]) {
    await expect(page.getByTestId(`review-question-${n}`).getByLabel(`Your comment on the answer to question ${n}`)).toBeVisible();
  }
  await expect(page.getByRole("button", { name: "Record resolution" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // Keyboard only: type a comment and send it.
  const box = page.getByTestId("review-question-2").getByLabel("Your comment on the answer to question 2");
  await box.focus();
  await page.keyboard.type("Say who chairs the partnership.");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("review-question-2").getByRole("button", { name: /^Add comment/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("comments-2").getByTestId("comment-thread")).toContainText("Say who chairs the partnership.");
  await expect(page.getByTestId("comments-2").getByTestId("comment-thread")).toContainText(DEMO.scrutiny.name);
});
