import { afterEach, describe, expect, it } from "vitest";
import { parseSettings, reloadSettings, settings } from "./config";

const DEFAULTS = {
  apiRateLimitPerMinute: 120,
  notificationEmailMinutes: 5,
  jobLeaseSeconds: 60,
  exportKeepDays: 7,
  outboxKeepDays: 90,
  databaseStatementTimeoutSeconds: 60,
  databaseConnectionTimeoutSeconds: 30,
  logFormat: "text",
};

describe("settings (API rate limit, notification email window)", () => {
  afterEach(() => {
    delete process.env.API_RATE_LIMIT_PER_MINUTE;
    delete process.env.NOTIFICATION_EMAIL_MINUTES;
    reloadSettings();
  });

  it("takes the defaults when the variables are unset or empty", () => {
    expect(parseSettings({})).toEqual(DEFAULTS);
    expect(parseSettings({ API_RATE_LIMIT_PER_MINUTE: "", NOTIFICATION_EMAIL_MINUTES: "  " })).toEqual(DEFAULTS);
  });

  it("reads whole numbers, surrounding spaces allowed", () => {
    expect(parseSettings({ API_RATE_LIMIT_PER_MINUTE: " 600 ", NOTIFICATION_EMAIL_MINUTES: "1440", JOB_LEASE_SECONDS: "5", EXPORT_KEEP_DAYS: "30", OUTBOX_KEEP_DAYS: "3650", DATABASE_STATEMENT_TIMEOUT_SECONDS: "0", DATABASE_CONNECTION_TIMEOUT_SECONDS: "5", LOG_FORMAT: "json" })).toEqual({
      apiRateLimitPerMinute: 600,
      notificationEmailMinutes: 1440,
      jobLeaseSeconds: 5,
      exportKeepDays: 30,
      outboxKeepDays: 3650,
      databaseStatementTimeoutSeconds: 0,
      databaseConnectionTimeoutSeconds: 5,
      logFormat: "json",
    });
  });

  it("refuses a bad value with a message naming the variable and its range", () => {
    expect(() => parseSettings({ API_RATE_LIMIT_PER_MINUTE: "lots" })).toThrow("API_RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 10000000");
    expect(() => parseSettings({ API_RATE_LIMIT_PER_MINUTE: "0" })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
    expect(() => parseSettings({ NOTIFICATION_EMAIL_MINUTES: "2.5" })).toThrow("NOTIFICATION_EMAIL_MINUTES must be a whole number from 1 to 1440");
    expect(() => parseSettings({ NOTIFICATION_EMAIL_MINUTES: "1441" })).toThrow(/NOTIFICATION_EMAIL_MINUTES/);
    expect(() => parseSettings({ JOB_LEASE_SECONDS: "1" })).toThrow("JOB_LEASE_SECONDS must be a whole number from 2 to 3600");
    expect(() => parseSettings({ EXPORT_KEEP_DAYS: "0" })).toThrow("EXPORT_KEEP_DAYS must be a whole number from 1 to 365");
    expect(() => parseSettings({ OUTBOX_KEEP_DAYS: "3651" })).toThrow("OUTBOX_KEEP_DAYS must be a whole number from 1 to 3650");
    expect(() => parseSettings({ DATABASE_STATEMENT_TIMEOUT_SECONDS: "-5" })).toThrow("DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number from 0 to 86400");
    expect(() => parseSettings({ DATABASE_CONNECTION_TIMEOUT_SECONDS: "0.5" })).toThrow("DATABASE_CONNECTION_TIMEOUT_SECONDS must be a whole number from 0 to 3600");
    expect(() => parseSettings({ LOG_FORMAT: "JSON lines" })).toThrow("LOG_FORMAT must be text or json");
    expect(() => parseSettings({ API_RATE_LIMIT_PER_MINUTE: "-1", NOTIFICATION_EMAIL_MINUTES: "x" })).toThrow(/API_RATE_LIMIT_PER_MINUTE.*; NOTIFICATION_EMAIL_MINUTES/);
  });

  it("reads the environment once: a later change is seen only after reloadSettings", () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "30";
    reloadSettings();
    expect(settings().apiRateLimitPerMinute).toBe(30);
    process.env.API_RATE_LIMIT_PER_MINUTE = "40";
    expect(settings().apiRateLimitPerMinute).toBe(30);
    reloadSettings();
    expect(settings().apiRateLimitPerMinute).toBe(40);
  });
});
