package dev.ota.signing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SigningServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SigningServiceApplication.class, args);
    }
}
