// DeepLead's JavaScript example, run against the DeepLead fake's image started by testcontainers.
// Only BASE_URL changes: it points at the container instead of https://app.deeplead.com/api/v1.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GenericContainer, Wait } from "testcontainers";

// Built from the repository's Dockerfile: `docker build -t deeplead-fake .`
const IMAGE = process.env.DEEPLEAD_FAKE_IMAGE ?? "deeplead-fake:latest";

let container;
let BASE_URL;

before(async () => {
  const fake = new GenericContainer(IMAGE)
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp("/__admin/health", 8080))
    .withStartupTimeout(60_000);
  // Publish the port on 127.0.0.1 only (testcontainers asks Docker for every interface): tests stay on loopback.
  for (const bindings of Object.values(fake.hostConfig.PortBindings)) {
    for (const binding of bindings) binding.HostIp = "127.0.0.1";
  }
  container = await fake.start();
  BASE_URL = `http://${container.getHost()}:${container.getMappedPort(8080)}/api/v1`;
});

after(async () => {
  await container?.stop();
});

test("the documentation's example creates an inbox and its pool", async () => {
  const API_KEY = "dl_your_api_key_here";
  const headers = {
    Authorization: `Bearer ${API_KEY}`,
    "Content-Type": "application/json",
  };
  // Create inbox (pool auto-created if not specified)
  const response = await fetch(`${BASE_URL}/inboxes`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      emailAddress: "sales@company.com",
      imapPassword: "your-app-password",
      provider: "google",
      dailySendingLimit: 50,
    }),
  });
  const result = await response.json();
  console.log(result);

  assert.equal(response.status, 200);
  assert.equal(result.success, true);
  assert.deepEqual(result.summary, { total: 1, created: 1, failed: 0 });
  assert.equal(result.results[0].emailAddress, "sales@company.com");
  // Auto-created pool ID is in the response, named as the documentation says (the default scenario's clock).
  assert.equal(result.autoCreatedPool.name, "API Pool - 2024-01-15");

  const pools = await (await fetch(`${BASE_URL}/pools`, { headers })).json();
  assert.ok(JSON.stringify(pools).includes(result.autoCreatedPool.id), "the auto-created pool is listed");
});

test("a wrong key gets the documented 401 error shape", async () => {
  const response = await fetch(`${BASE_URL}/pools`, { headers: { Authorization: "Bearer dl_not_a_key" } });
  assert.equal(response.status, 401);
  const body = await response.json();
  assert.equal(typeof body.error, "string");
});
