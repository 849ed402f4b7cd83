import { requirePermission } from "../_server/session";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("admin.manage", { kind: "system" }, "/admin/users");
  return <>{children}</>;
}
