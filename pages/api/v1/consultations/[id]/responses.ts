// GET and POST /api/v1/consultations/{id}/responses, on the Pages Router for its lighter
// request path (lib/api/node-route); the handlers are in the App Router folder beside the others.
import { GET, POST } from "@/app/api/v1/consultations/[id]/responses/handlers";
import { nodeRoute } from "@/lib/api/node-route";

// Literal, as Next requires: the body is read by nodeRoute, with its limit.
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default nodeRoute({ GET, POST }, (query) => ({ id: String(query.id ?? "") }));
