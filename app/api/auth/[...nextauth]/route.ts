import { authHandler } from "@/app/_server/auth-handler";

export { authHandler as GET, authHandler as POST };
