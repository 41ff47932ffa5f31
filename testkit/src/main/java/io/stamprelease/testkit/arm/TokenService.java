package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identity provider of one simulated cloud: an ADFS farm ({@code /adfs/oauth2/token}) or an Azure AD
 * tenant ({@code /<tenant>/oauth2/v2.0/token}), good enough for azure-identity's real client-credentials
 * path (MSAL), with client secrets and client certificates. It issues HMAC-signed JWT access tokens
 * that the fake ARM checks for signature, expiry and audience.
 */
public final class TokenService {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

  private final IdentitySystem system;
  private final String tenantId;
  private final String audience;
  private final byte[] signingKey = new byte[32];
  private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
  private final Map<String, X509Certificate> clientCertificates = new ConcurrentHashMap<>();
  private volatile long tokenLifetimeSeconds = 3600;
  private String baseUrl;

  public TokenService(IdentitySystem system, String tenantId, String audience) {
    this.system = system;
    this.tenantId = system == IdentitySystem.ADFS ? "adfs" : tenantId;
    this.audience = audience;
    new SecureRandom().nextBytes(signingKey);
  }

  void bind(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public IdentitySystem system() {
    return system;
  }

  /** The tenant clients must use: the literal {@code adfs} for ADFS (as azure-identity requires), else the GUID. */
  public String tenantId() {
    return tenantId;
  }

  public String audience() {
    return audience;
  }

  /** What `GET /metadata/endpoints` calls {@code authentication.loginEndpoint}. */
  public String loginEndpoint() {
    return system == IdentitySystem.ADFS ? baseUrl + "/adfs/" : baseUrl + "/";
  }

  public String tokenEndpoint() {
    return system == IdentitySystem.ADFS ? baseUrl + "/adfs/oauth2/token" : baseUrl + "/" + tenantId + "/oauth2/v2.0/token";
  }

  public void registerClientSecret(String clientId, String secret) {
    clientSecrets.put(clientId, secret);
  }

  public void registerClientCertificate(String clientId, X509Certificate certificate) {
    clientCertificates.put(clientId, certificate);
  }

  /** Shortens token lifetime, to test expiry handling. */
  public void tokenLifetime(long seconds) {
    this.tokenLifetimeSeconds = seconds;
  }

  static boolean isTokenPath(String path) {
    String p = path.toLowerCase();
    return p.endsWith("/oauth2/token") || p.endsWith("/oauth2/v2.0/token");
  }

  List<Route> routes() {
    return List.of(
        Route.open("GET", "^/adfs/\\.well-known/openid-configuration$", r -> ArmResponse.ok(openIdConfiguration())),
        Route.open("GET", "^/(?<tenant>[^/]+)/v2\\.0/\\.well-known/openid-configuration$", r -> ArmResponse.ok(openIdConfiguration())),
        Route.open("GET", "^/common/discovery/instance$", r -> ArmResponse.ok(instanceDiscovery())),
        Route.open("POST", "^/adfs/oauth2/token/?$", this::token),
        Route.open("POST", "^/(?<tenant>[^/]+)/oauth2/v2\\.0/token/?$", this::token));
  }

  private ObjectNode openIdConfiguration() {
    String issuer = system == IdentitySystem.ADFS ? baseUrl + "/adfs" : baseUrl + "/" + tenantId + "/v2.0";
    ObjectNode doc = Json.object()
        .put("issuer", issuer)
        .put("token_endpoint", tokenEndpoint())
        .put("authorization_endpoint", tokenEndpoint().replace("/token", "/authorize"))
        .put("jwks_uri", baseUrl + (system == IdentitySystem.ADFS ? "/adfs/discovery/keys" : "/" + tenantId + "/discovery/v2.0/keys"));
    doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("client_secret_basic").add("private_key_jwt");
    doc.putArray("grant_types_supported").add("client_credentials");
    return doc;
  }

  private ObjectNode instanceDiscovery() {
    ObjectNode doc = Json.object().put("tenant_discovery_endpoint",
        baseUrl + "/" + tenantId + "/v2.0/.well-known/openid-configuration").put("api-version", "1.1");
    String host = URI.create(baseUrl).getAuthority();
    ObjectNode meta = doc.putArray("metadata").addObject().put("preferred_network", host).put("preferred_cache", host);
    meta.putArray("aliases").add(host);
    return doc;
  }

  private ArmResponse token(ArmRequest request) {
    if (request.pathMatch().groupCount() > 0 && system == IdentitySystem.AZURE_AD) {
      String tenant = request.param("tenant");
      if (!tenant.equalsIgnoreCase(tenantId) && !tenant.equalsIgnoreCase("organizations")) {
        return oauthError(400, "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.");
      }
    }
    Map<String, String> form = parseForm(request.body());
    String clientId = form.get("client_id");
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return oauthError(400, "unsupported_grant_type", "Only the client_credentials grant is supported by this simulated authority.");
    }
    String basic = request.header("Authorization");
    if (clientId == null && basic != null && basic.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
      form.put("client_secret", URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
    }
    if (clientId == null || (!clientSecrets.containsKey(clientId) && !clientCertificates.containsKey(clientId))) {
      return oauthError(400, "unauthorized_client", system == IdentitySystem.ADFS
          ? "MSIS9223: Received invalid OAuth authorization request. The received 'client_id' is invalid as no registered client was found with this client identifier."
          : "AADSTS700016: Application with identifier '" + clientId + "' was not found in the directory '" + tenantId + "'.");
    }
    String problem = checkClientCredential(clientId, form);
    if (problem != null) {
      return oauthError(401, "invalid_client", problem);
    }
    String resource = requestedResource(form);
    if (!audience.equalsIgnoreCase(resource)) {
      return oauthError(400, "invalid_resource", system == IdentitySystem.ADFS
          ? "MSIS9602: The received 'resource' parameter is invalid: no relying party trust has the identifier '" + resource + "'."
          : "AADSTS500011: The resource principal named " + resource + " was not found in the tenant named " + tenantId + ".");
    }
    long lifetime = tokenLifetimeSeconds;
    ObjectNode response = Json.object().put("token_type", "Bearer").put("expires_in", lifetime)
        .put("ext_expires_in", lifetime).put("access_token", issue(clientId, lifetime));
    return ArmResponse.ok(response).header("Cache-Control", "no-store");
  }

  private String checkClientCredential(String clientId, Map<String, String> form) {
    String secret = form.get("client_secret");
    String assertion = form.get("client_assertion");
    if (secret != null) {
      String expected = clientSecrets.get(clientId);
      if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
        return null;
      }
      return system == IdentitySystem.ADFS ? "MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid."
          : "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'.";
    }
    if (assertion != null) {
      X509Certificate certificate = clientCertificates.get(clientId);
      if (certificate != null && assertionIsValid(assertion, clientId, certificate)) {
        return null;
      }
      return "AADSTS700027: Client assertion failed signature validation or does not match a certificate registered for app '" + clientId + "'.";
    }
    return "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.";
  }

  /** Checks a private_key_jwt client assertion: RS256 or PS256 signature by the registered certificate, issuer, expiry. */
  private boolean assertionIsValid(String jwt, String clientId, X509Certificate certificate) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return false;
    }
    try {
      JsonNode header = Json.MAPPER.readTree(B64URL_DECODER.decode(parts[0]));
      JsonNode claims = Json.MAPPER.readTree(B64URL_DECODER.decode(parts[1]));
      Signature verifier;
      switch (header.path("alg").asText()) {
        case "RS256" -> verifier = Signature.getInstance("SHA256withRSA");
        case "PS256" -> {
          verifier = Signature.getInstance("RSASSA-PSS");
          verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        default -> {
          return false;
        }
      }
      verifier.initVerify(certificate.getPublicKey());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(B64URL_DECODER.decode(parts[2]))
          && clientId.equals(claims.path("iss").asText())
          && claims.path("exp").asLong() > Instant.now().getEpochSecond();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String requestedResource(Map<String, String> form) {
    String scope = form.getOrDefault("scope", "");
    for (String s : scope.split(" ")) {
      if (s.endsWith("/.default")) {
        return s.substring(0, s.length() - "/.default".length());
      }
    }
    return form.getOrDefault("resource", scope);
  }

  /** Issues a signed access token for {@code clientId} (tests may call it to skip the token endpoint). */
  public String issue(String clientId, long lifetimeSeconds) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = Json.object().put("aud", audience).put("iss", loginEndpoint()).put("appid", clientId)
        .put("oid", UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString()).put("tid", tenantId)
        .put("iat", now).put("nbf", now - 5).put("exp", now + lifetimeSeconds);
    String unsigned = B64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + B64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    return unsigned + "." + B64URL.encodeToString(hmac(unsigned));
  }

  /** ARM's check of the bearer token: missing, malformed, forged, expired or wrong audience → 401. */
  void authenticate(ArmRequest request) {
    String header = request.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    }
    String[] parts = header.substring(7).trim().split("\\.");
    if (parts.length != 3 || !MessageDigest.isEqual(hmac(parts[0] + "." + parts[1]), decodeOrEmpty(parts[2]))) {
      throw unauthorized("InvalidAuthenticationToken", "The access token is invalid.");
    }
    JsonNode claims;
    try {
      claims = Json.MAPPER.readTree(B64URL_DECODER.decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      throw unauthorized("InvalidAuthenticationToken", "The access token is invalid.");
    }
    long exp = claims.path("exp").asLong();
    if (exp <= Instant.now().getEpochSecond()) {
      throw unauthorized("ExpiredAuthenticationToken", "The access token expiry UTC time '" + Instant.ofEpochSecond(exp)
          + "' is earlier than current UTC time '" + Instant.now() + "'.");
    }
    if (!audience.equalsIgnoreCase(claims.path("aud").asText())) {
      throw unauthorized("InvalidAuthenticationTokenAudience", "The access token has been obtained for wrong audience or resource '"
          + claims.path("aud").asText() + "'. It should exactly match with one of the allowed audiences '" + audience + "'.");
    }
  }

  private ArmException unauthorized(String code, String message) {
    String authority = system == IdentitySystem.ADFS ? baseUrl + "/adfs" : baseUrl + "/" + tenantId;
    return new ArmException(401, code, message).withHeader("WWW-Authenticate",
        "Bearer authorization_uri=\"" + authority + "\", error=\"invalid_token\", error_description=\"" + message.replace('"', '\'') + "\"");
  }

  private static ArmResponse oauthError(int status, String error, String description) {
    ObjectNode body = Json.object().put("error", error).put("error_description", description)
        .put("timestamp", Json.timestamp(Instant.now())).put("trace_id", UUID.randomUUID().toString());
    return ArmResponse.of(status, body);
  }

  private byte[] hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] decodeOrEmpty(String b64) {
    try {
      return B64URL_DECODER.decode(b64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new HashMap<>();
    if (body == null) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }
}
