import { NotFoundContent } from "@/components/layout/problem-pages";

export default function NotFound() {
  return <NotFoundContent />;
}
