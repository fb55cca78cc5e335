package dev.ota.contracts.events;

/**
 * Certificate renewal over MQTT between the gateway and the fleet CA (signing-service): the gateway forwards a
 * vehicle's CSR and the broker's report that a vehicle connected with a fresh certificate
 * ({@code ota.fleet.certificate-requests}); the CA answers with the new certificate or why there is none
 * ({@code ota.fleet.certificate-answers}). Keyed by VIN.
 */
public sealed interface CertificateRenewalEvent extends OtaEvent
        permits VehicleCertificateRequested, VehicleCertificateInUse, VehicleCertificateAnswered {}
