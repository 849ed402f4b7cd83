export * from "./auth";
export * from "./organisations";
export * from "./consultations";
export * from "./responses";
export * from "./drafting";
export * from "./system";
export * from "./notifications";
export * from "./branding";
