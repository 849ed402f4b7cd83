import { ForbiddenContent } from "@/components/layout/problem-pages";

export default function Forbidden() {
  return <ForbiddenContent />;
}
